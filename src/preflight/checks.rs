//! The checks themselves: which Graph resource each reads, how its documented shape is
//! judged, and the sentence and fix for each outcome.

use std::collections::HashSet;

use serde_json::Value;

use super::graph::{Graph, GraphError, encode};
use super::text::{plain, quoted};
use super::{
    CheckId, CheckResult, Event, PreflightError, PreflightRequest, Status, Surface, Unknown,
};
use crate::token::Cancel;

/// Microsoft.Azure.SyncFabric: without it Entra ID cannot issue bulk tokens.
pub(crate) const SYNC_FABRIC_APP_ID: &str = "00000014-0000-0000-c000-000000000000";
/// Microsoft Intune (its MDM policy has this id).
const INTUNE_APP_ID: &str = "0000000a-0000-0000-c000-000000000000";
/// Apps a device talks to while joining and enrolling with the package account: Device
/// Registration Service, Microsoft Intune, Microsoft Intune Enrollment.
const JOIN_APPS: &[&str] = &[
    "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9",
    INTUNE_APP_ID,
    "d4ebce55-015a-49b5-a083-c84d1797ae8c",
];
/// The Conditional Access user action "Register or join devices".
const REGISTER_DEVICE_ACTION: &str = "urn:user:registerdevice";

/// Directory roles (template ids) that may create bulk tokens.
const TOKEN_ROLES: &[(&str, &str)] = &[
    (
        "7698a772-787b-4ac8-901f-60d6b08affd2",
        "Cloud Device Administrator",
    ),
    (
        "3a2c62db-5318-420d-8d74-23affee5d9d5",
        "Intune Administrator",
    ),
    (
        "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "Password Administrator",
    ),
    (
        "62e90394-69f5-4237-9190-012177145e10",
        "Global Administrator",
    ),
];

const JOIN_FIX: &str = "Entra ID > Devices > Device settings: set \"Users may join devices to Microsoft Entra\" to All, or to Selected with the package account (or a group holding it) added.";
const ROLE_FIX: &str = "Entra ID > Roles and administrators > Cloud Device Administrator (or Intune Administrator, Password Administrator) > Add assignments: assign it to this account for the whole directory, not an administrative unit; activate it first if it is only eligible in Privileged Identity Management.";
const MDM_FIX: &str = "Entra ID > Mobility (MDM and WIP) > Microsoft Intune: set \"MDM user scope\" to All, or to Some with a group that holds the account requesting the bulk token.";
const CA_FIX: &str = "Entra ID > Protection > Conditional Access: exclude the package accounts (for example a group you add each package_ account to) from the policy, or limit it to other apps.";
const RESTRICTION_FIX: &str = "Intune admin center > Devices > Enrollment > Device platform restriction > Windows restrictions > All Users (Default) > Properties: set Windows (MDM) to Allow.";

/// The checks made, in order; the project's token adds its own two.
pub(super) fn ids(with_project: bool) -> Vec<CheckId> {
    let mut ids = vec![
        CheckId::AdminRole,
        CheckId::SyncFabric,
        CheckId::JoinAllowed,
        CheckId::DeviceQuota,
        CheckId::MdmScope,
        CheckId::ConditionalAccess,
        CheckId::EnrollmentRestriction,
    ];
    if with_project {
        ids.extend([CheckId::TokenExpiry, CheckId::PackageAccount]);
    }
    ids
}

/// Runs every check in order, reporting each through `on_event`.
pub(super) fn run_all(
    graph: &Graph<'_>,
    request: &PreflightRequest,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(Event),
) -> Result<Vec<CheckResult>, PreflightError> {
    let ids = ids(request.project.is_some());
    let mut ctx = Ctx::new(graph, request);
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if cancel.is_cancelled() {
            return Err(PreflightError::Cancelled);
        }
        on_event(Event::Checking(id));
        let result = ctx.check(id)?;
        on_event(Event::Checked(result.clone()));
        out.push(result);
    }
    Ok(out)
}

/// The device registration policy as messages name it, and the permission that reads it.
const POLICY_NAME: &str = "the device registration policy";
const POLICY_PERMISSION: &str = "Policy.Read.DeviceConfiguration";

fn pass(id: CheckId, message: String) -> CheckResult {
    CheckResult {
        id,
        status: Status::Pass,
        message,
        fix: None,
        unknown: None,
    }
}

fn fail(id: CheckId, message: String, fix: impl Into<String>) -> CheckResult {
    CheckResult {
        id,
        status: Status::Fail,
        message,
        fix: Some(fix.into()),
        unknown: None,
    }
}

fn unknown(id: CheckId, message: String, why: Unknown) -> CheckResult {
    CheckResult {
        id,
        status: Status::Unknown,
        message,
        fix: None,
        unknown: Some(why),
    }
}

/// A failed read as a "?" line naming what was read and, for 403, the permission needed.
fn from_error(
    id: CheckId,
    what: &str,
    permission: &'static str,
    e: GraphError,
) -> Result<CheckResult, PreflightError> {
    Ok(match e {
        GraphError::Cancelled => return Err(PreflightError::Cancelled),
        GraphError::Forbidden => unknown(
            id,
            format!(
                "Could not read {what} (HTTP 403): the sign-in needs the Graph permission {permission} with admin consent, and a role that may read it."
            ),
            Unknown::Permission(permission),
        ),
        GraphError::Unauthorized => unknown(
            id,
            format!(
                "Graph did not accept the sign-in while reading {what} (HTTP 401); run the check again."
            ),
            Unknown::Unavailable("HTTP 401".into()),
        ),
        GraphError::NotFound => unknown(
            id,
            format!(
                "Graph has no {what} for this tenant (HTTP 404); check that the service is licensed."
            ),
            Unknown::Unavailable("HTTP 404".into()),
        ),
        GraphError::Throttled => unknown(
            id,
            format!(
                "Graph kept throttling the reading of {what} (HTTP 429); try again in a few minutes."
            ),
            Unknown::Unavailable("HTTP 429".into()),
        ),
        GraphError::Server(s) => unknown(
            id,
            format!("Graph failed while reading {what} (HTTP {s}); try again later."),
            Unknown::Unavailable(format!("HTTP {s}")),
        ),
        GraphError::Transport(t) => unknown(id, t.to_string(), Unknown::Network(t.to_string())),
        GraphError::Unexpected(w) => unknown(
            id,
            format!("Graph's answer for {what} was not understood ({w})."),
            Unknown::Unavailable(w),
        ),
    })
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn is_guid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}

/// The first role among `assignments` that may create bulk tokens, tenant-wide
/// (`tenant_wide`) or scoped to an administrative unit; and whether it came through a
/// group rather than to `me` directly.
fn token_role(assignments: &[Value], me: &str, tenant_wide: bool) -> Option<(&'static str, bool)> {
    assignments.iter().find_map(|a| {
        let (_, name) = TOKEN_ROLES
            .iter()
            .find(|(id, _)| *id == str_of(a, "roleDefinitionId"))?;
        let scope = str_of(a, "directoryScopeId");
        ((scope == "/") == tenant_wide && !scope.is_empty())
            .then_some((*name, str_of(a, "principalId") != me))
    })
}

/// A user as Graph describes it (only what the checks use).
#[derive(Debug, Clone)]
struct User {
    id: String,
    upn: String,
    enabled: Option<bool>,
}

impl User {
    fn from_json(v: &Value) -> Result<Self, GraphError> {
        let id = str_of(v, "id");
        if !is_guid(id) {
            return Err(GraphError::Unexpected("a user has no valid id".into()));
        }
        Ok(Self {
            id: id.to_string(),
            upn: plain(str_of(v, "userPrincipalName"), 256),
            enabled: v.get("accountEnabled").and_then(Value::as_bool),
        })
    }
}

type Read<T> = Result<T, GraphError>;

fn group_ids(graph: &Graph<'_>, path: &str) -> Read<HashSet<String>> {
    Ok(graph
        .get_all(path)?
        .iter()
        .map(|g| str_of(g, "id").to_string())
        .filter(|id| !id.is_empty())
        .collect())
}

/// What several checks share, read once.
struct Ctx<'g> {
    graph: &'g Graph<'g>,
    request: &'g PreflightRequest,
    me: Option<Read<User>>,
    my_groups: Option<Read<Vec<(String, bool)>>>,
    /// `Ok(None)`: the project's account does not exist.
    package: Option<Read<Option<User>>>,
    package_groups: Option<Read<HashSet<String>>>,
    registration_policy: Option<Read<Value>>,
}

impl<'g> Ctx<'g> {
    fn new(graph: &'g Graph<'g>, request: &'g PreflightRequest) -> Self {
        Self {
            graph,
            request,
            me: None,
            my_groups: None,
            package: None,
            package_groups: None,
            registration_policy: None,
        }
    }

    fn check(&mut self, id: CheckId) -> Result<CheckResult, PreflightError> {
        match id {
            CheckId::AdminRole => self.admin_role(),
            CheckId::SyncFabric => self.sync_fabric(),
            CheckId::JoinAllowed => self.join_allowed(),
            CheckId::DeviceQuota => self.device_quota(),
            CheckId::MdmScope => self.mdm_scope(),
            CheckId::ConditionalAccess => self.conditional_access(),
            CheckId::EnrollmentRestriction => self.enrollment_restriction(),
            CheckId::TokenExpiry => Ok(self.token_expiry()),
            CheckId::PackageAccount => self.package_account(),
        }
    }

    // ---- shared reads ----

    fn me(&mut self) -> Read<User> {
        let graph = self.graph;
        self.me
            .get_or_insert_with(|| {
                graph
                    .get("/v1.0/me?$select=id,userPrincipalName")
                    .and_then(|v| User::from_json(&v))
            })
            .clone()
    }

    /// The signed-in user's groups, direct and nested: (id, may hold directory roles).
    fn my_groups(&mut self) -> Read<Vec<(String, bool)>> {
        let graph = self.graph;
        self.my_groups
            .get_or_insert_with(|| {
                Ok(graph
                    .get_all(
                        "/v1.0/me/transitiveMemberOf/microsoft.graph.group?$select=id,isAssignableToRole",
                    )?
                    .iter()
                    .filter(|g| is_guid(str_of(g, "id")))
                    .map(|g| {
                        let assignable = g.get("isAssignableToRole").and_then(Value::as_bool);
                        (str_of(g, "id").to_string(), assignable == Some(true))
                    })
                    .collect())
            })
            .clone()
    }

    /// The project's package account: `None` without a project or recorded account.
    fn package(&mut self) -> Option<Read<Option<User>>> {
        let upn = self.request.project.as_ref()?.package_account.clone()?;
        let graph = self.graph;
        let r = self.package.get_or_insert_with(|| {
            let path = format!(
                "/v1.0/users/{}?$select=id,userPrincipalName,accountEnabled",
                encode(upn.trim())
            );
            match graph.get(&path) {
                Ok(v) => User::from_json(&v).map(Some),
                Err(GraphError::NotFound) => Ok(None),
                Err(e) => Err(e),
            }
        });
        Some(r.clone())
    }

    fn package_groups(&mut self, user: &User) -> Read<HashSet<String>> {
        let graph = self.graph;
        self.package_groups
            .get_or_insert_with(|| {
                let path = format!(
                    "/v1.0/users/{}/transitiveMemberOf/microsoft.graph.group?$select=id",
                    encode(&user.id)
                );
                group_ids(graph, &path)
            })
            .clone()
    }

    /// The device registration policy, read once for the checks that need it.
    fn registration_policy(&mut self) -> Read<Value> {
        let graph = self.graph;
        self.registration_policy
            .get_or_insert_with(|| graph.get("/v1.0/policies/deviceRegistrationPolicy"))
            .clone()
    }

    /// The package account when the project names one that exists.
    fn existing_package(&mut self) -> Option<User> {
        match self.package() {
            Some(Ok(Some(user))) => Some(user),
            _ => None,
        }
    }

    // ---- checks ----

    fn admin_role(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::AdminRole;
        const WHAT: &str = "your directory role assignments";
        const PERMISSION: &str = "RoleManagement.Read.Directory";
        let me = match self.me() {
            Ok(me) => me,
            Err(e) => return from_error(ID, "the signed-in account", "User.Read", e),
        };
        let who = quoted(&me.upn);
        let mut assignments = match self.assignments_of(std::slice::from_ref(&me.id)) {
            Ok(list) => list,
            Err(e) => return from_error(ID, WHAT, PERMISSION, e),
        };
        if token_role(&assignments, &me.id, true).is_none() {
            // Roles may also come through role-assignable groups.
            let groups: Vec<String> = match self.my_groups() {
                Ok(g) => g
                    .into_iter()
                    .filter(|(_, a)| *a)
                    .map(|(id, _)| id)
                    .collect(),
                Err(e) => return from_error(ID, "your groups", "User.Read", e),
            };
            match self.assignments_of(&groups) {
                Ok(list) => assignments.extend(list),
                Err(e) => return from_error(ID, WHAT, PERMISSION, e),
            }
        }
        if let Some((name, via_group)) = token_role(&assignments, &me.id, true) {
            let how = if via_group { " through a group" } else { "" };
            return Ok(pass(
                ID,
                format!(
                    "{who} holds {name}{how} for the whole tenant, which may create bulk tokens."
                ),
            ));
        }
        Ok(match token_role(&assignments, &me.id, false) {
            Some((name, _)) => fail(
                ID,
                format!(
                    "{who} holds {name} only for an administrative unit, but bulk tokens need it for the whole tenant."
                ),
                ROLE_FIX,
            ),
            None => fail(
                ID,
                format!(
                    "{who} has no active tenant-wide Cloud Device Administrator, Intune Administrator, Password Administrator or Global Administrator role, directly or through a group, so it cannot create bulk tokens."
                ),
                ROLE_FIX,
            ),
        })
    }

    /// Role assignments of these principals (15 a request, as `principalId in (...)`).
    fn assignments_of(&self, principals: &[String]) -> Read<Vec<Value>> {
        let mut out = Vec::new();
        for chunk in principals.chunks(15) {
            let ids: Vec<String> = chunk
                .iter()
                .filter(|p| is_guid(p))
                .map(|p| format!("'{p}'"))
                .collect();
            if ids.is_empty() {
                continue;
            }
            let filter = if ids.len() == 1 {
                format!("principalId eq {}", ids[0])
            } else {
                format!("principalId in ({})", ids.join(","))
            };
            let path = format!(
                "/v1.0/roleManagement/directory/roleAssignments?$filter={}",
                encode(&filter)
            );
            let chunk_ids: Vec<&str> = chunk.iter().map(String::as_str).collect();
            out.extend(
                self.graph
                    .get_all(&path)?
                    .into_iter()
                    .filter(|a| chunk_ids.contains(&str_of(a, "principalId"))),
            );
        }
        Ok(out)
    }

    fn sync_fabric(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::SyncFabric;
        let filter = encode(&format!("appId eq '{SYNC_FABRIC_APP_ID}'"));
        let path =
            format!("/v1.0/servicePrincipals?$filter={filter}&$select=id,appId,accountEnabled");
        let list = match self.graph.get_all(&path) {
            Ok(list) => list,
            Err(e) => {
                return from_error(ID, "the service principals", "Application.Read.All", e);
            }
        };
        let Some(sp) = list
            .iter()
            .find(|sp| str_of(sp, "appId").eq_ignore_ascii_case(SYNC_FABRIC_APP_ID))
        else {
            return Ok(fail(
                ID,
                "The service principal Microsoft.Azure.SyncFabric is missing, so Entra ID cannot issue a bulk token.".into(),
                format!("Create it with Microsoft Graph PowerShell as an Application or Global Administrator: New-MgServicePrincipal -AppId {SYNC_FABRIC_APP_ID}"),
            ));
        };
        if sp.get("accountEnabled").and_then(Value::as_bool) == Some(false) {
            return Ok(fail(
                ID,
                "The service principal Microsoft.Azure.SyncFabric is disabled, so Entra ID cannot issue a bulk token.".into(),
                "Entra ID > Enterprise applications > Microsoft.Azure.SyncFabric > Properties: set \"Enabled for users to sign-in?\" to Yes.",
            ));
        }
        Ok(pass(
            ID,
            "The service principal Microsoft.Azure.SyncFabric exists and is enabled.".into(),
        ))
    }

    fn join_allowed(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::JoinAllowed;
        let policy = match self.registration_policy() {
            Ok(p) => p,
            Err(e) => return from_error(ID, POLICY_NAME, POLICY_PERMISSION, e),
        };
        let allowed = policy
            .get("azureADJoin")
            .and_then(|j| j.get("allowedToJoin"))
            .cloned()
            .unwrap_or(Value::Null);
        let kind = str_of(&allowed, "@odata.type");
        if kind.ends_with("allDeviceRegistrationMembership") {
            return Ok(pass(
                ID,
                "Every user may join devices to Entra ID, the package account included.".into(),
            ));
        }
        if kind.ends_with("noDeviceRegistrationMembership") {
            return Ok(fail(
                ID,
                "No user may join devices to Entra ID, so the package account cannot join any device.".into(),
                JOIN_FIX,
            ));
        }
        if !kind.ends_with("enumeratedDeviceRegistrationMembership") {
            return Ok(unknown(
                ID,
                "The device registration policy does not say who may join devices in a form this program knows.".into(),
                Unknown::Unavailable("allowedToJoin".into()),
            ));
        }
        let users = strings(&allowed, "users");
        let groups = strings(&allowed, "groups");
        if let Some(user) = self.existing_package() {
            let who = quoted(&user.upn);
            if users.contains(&user.id) {
                return Ok(pass(
                    ID,
                    format!(
                        "Only selected users may join devices, and the package account {who} is one of them."
                    ),
                ));
            }
            if !groups.is_empty() {
                let mine = match self.package_groups(&user) {
                    Ok(g) => g,
                    Err(e) => {
                        return from_error(
                            ID,
                            "the package account's groups",
                            "GroupMember.Read.All",
                            e,
                        );
                    }
                };
                if groups.iter().any(|g| mine.contains(g)) {
                    return Ok(pass(
                        ID,
                        format!(
                            "Only selected groups may join devices, and the package account {who} is in one of them."
                        ),
                    ));
                }
            }
            return Ok(fail(
                ID,
                format!(
                    "Only selected users and groups may join devices, and the package account {who} is not among them."
                ),
                JOIN_FIX,
            ));
        }
        if groups.is_empty() {
            return Ok(fail(
                ID,
                "Only selected users may join devices, and a new package account is never among them.".into(),
                JOIN_FIX,
            ));
        }
        Ok(unknown(
            ID,
            format!(
                "Only selected users and groups may join devices; whether a group takes in the package account cannot be told before it exists, so {}.",
                self.request.surface.check_again()
            ),
            Unknown::Undecided,
        ))
    }

    fn device_quota(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::DeviceQuota;
        let policy = match self.registration_policy() {
            Ok(p) => p,
            Err(e) => return from_error(ID, POLICY_NAME, POLICY_PERMISSION, e),
        };
        let Some(quota) = policy.get("userDeviceQuota").and_then(Value::as_u64) else {
            return Ok(unknown(
                ID,
                "The device registration policy has no device quota.".into(),
                Unknown::Unavailable("userDeviceQuota".into()),
            ));
        };
        let fix = |n: u64| {
            format!(
                "Entra ID > Devices > Device settings: raise \"Maximum number of devices per user\" to at least {n} (or Unlimited), or split the fleet over several bulk tokens."
            )
        };
        if quota == 0 {
            return Ok(fail(
                ID,
                "The device quota is 0, so the package account may not join any device.".into(),
                fix(self.request.devices.map_or(1, u64::from)),
            ));
        }
        Ok(match self.request.devices.map(u64::from) {
            Some(n) if quota < n => fail(
                ID,
                format!(
                    "Each account may join at most {quota} devices, fewer than the {n} this package is for; one package account joins them all."
                ),
                fix(n),
            ),
            Some(n) => pass(
                ID,
                format!("Each account may join up to {quota} devices, enough for {n}."),
            ),
            None => pass(
                ID,
                match self.request.surface {
                    Surface::CommandLine => format!(
                        "Each account may join up to {quota} devices; one package account joins them all (--devices N compares with your fleet)."
                    ),
                    Surface::Wizard => format!(
                        "Each account may join up to {quota} devices; one package account joins them all, so the fleet must not be larger."
                    ),
                },
            ),
        })
    }

    fn mdm_scope(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::MdmScope;
        let policies = match self
            .graph
            .get_all("/beta/policies/mobileDeviceManagementPolicies")
        {
            Ok(list) => list,
            Err(e) => return from_error(ID, "the MDM user scope", "Policy.Read.All", e),
        };
        let Some(intune) = policies.iter().find(|p| {
            str_of(p, "id").eq_ignore_ascii_case(INTUNE_APP_ID)
                || str_of(p, "displayName").eq_ignore_ascii_case("Microsoft Intune")
        }) else {
            return Ok(fail(
                ID,
                "Microsoft Intune is not an MDM app of this tenant, so devices will not enroll in Intune.".into(),
                "Check the tenant's Intune licence, then Entra ID > Mobility (MDM and WIP) > Microsoft Intune: set \"MDM user scope\" to All.",
            ));
        };
        match str_of(intune, "appliesTo") {
            "all" => Ok(pass(
                ID,
                "Intune's MDM user scope is All, so the account requesting the token is in it."
                    .into(),
            )),
            "none" => Ok(fail(
                ID,
                "Intune's MDM user scope is None, so no device enrolls in Intune automatically."
                    .into(),
                MDM_FIX,
            )),
            "selected" => {
                let me = match self.me() {
                    Ok(me) => me,
                    Err(e) => return from_error(ID, "the signed-in account", "User.Read", e),
                };
                let intune_id = str_of(intune, "id").to_string();
                let path = format!(
                    "/beta/policies/mobileDeviceManagementPolicies/{}/includedGroups?$select=id",
                    encode(&intune_id)
                );
                let included = match group_ids(self.graph, &path) {
                    Ok(g) => g,
                    Err(e) => {
                        return from_error(ID, "the MDM user scope's groups", "Policy.Read.All", e);
                    }
                };
                let mine: HashSet<String> = match self.my_groups() {
                    Ok(g) => g.into_iter().map(|(id, _)| id).collect(),
                    Err(e) => return from_error(ID, "your groups", "User.Read", e),
                };
                let who = quoted(&me.upn);
                if included.iter().any(|g| mine.contains(g)) {
                    Ok(pass(
                        ID,
                        format!(
                            "Intune's MDM user scope is Some, and {who}, who requests the token, is in one of its groups."
                        ),
                    ))
                } else {
                    Ok(fail(
                        ID,
                        format!(
                            "Intune's MDM user scope is Some, and {who}, who requests the token, is in none of its groups."
                        ),
                        MDM_FIX,
                    ))
                }
            }
            _ => Ok(unknown(
                ID,
                "Intune's MDM policy does not say whom it applies to in a form this program knows."
                    .into(),
                Unknown::Unavailable("appliesTo".into()),
            )),
        }
    }

    fn conditional_access(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::ConditionalAccess;
        let policies = match self
            .graph
            .get_all("/v1.0/identity/conditionalAccess/policies")
        {
            Ok(list) => list,
            Err(e) => {
                return from_error(ID, "the Conditional Access policies", "Policy.Read.All", e);
            }
        };
        let target = match self.existing_package() {
            Some(user) => {
                let groups = self.package_groups(&user).ok();
                Target::Known { user, groups }
            }
            None => Target::New,
        };
        let mut hits = Vec::new();
        let mut maybes = Vec::new();
        for p in &policies {
            match applies(p, &target) {
                Applies::Yes => hits.push(quoted(str_of(p, "displayName"))),
                Applies::Maybe => maybes.push(quoted(str_of(p, "displayName"))),
                Applies::No => {}
            }
        }
        let more = |list: &[String]| match list.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        if let Some(first) = hits.first() {
            return Ok(fail(
                ID,
                format!(
                    "The Conditional Access policy {first}{} requires MFA from, or blocks, the package account when a device joins or enrolls, which a device cannot satisfy.",
                    more(&hits)
                ),
                CA_FIX,
            ));
        }
        if let Some(first) = maybes.first() {
            return Ok(unknown(
                ID,
                format!(
                    "The Conditional Access policy {first}{} requires MFA from all users except some groups; whether those hold the package account cannot be told until it exists, so {}.",
                    more(&maybes),
                    self.request.surface.check_again()
                ),
                Unknown::Undecided,
            ));
        }
        Ok(pass(
            ID,
            "No enabled Conditional Access policy requires MFA from the package account for device join or Intune enrollment.".into(),
        ))
    }

    fn enrollment_restriction(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::EnrollmentRestriction;
        let configs = match self
            .graph
            .get_all("/v1.0/deviceManagement/deviceEnrollmentConfigurations")
        {
            Ok(list) => list,
            Err(e) => {
                return from_error(
                    ID,
                    "the Intune enrollment restrictions",
                    "DeviceManagementServiceConfig.Read.All",
                    e,
                );
            }
        };
        let mut found = false;
        for c in &configs {
            // Bulk-enrolled devices are userless: only the Default (priority 0) applies.
            if c.get("priority").and_then(Value::as_i64) != Some(0) {
                continue;
            }
            let kind = str_of(c, "@odata.type");
            let restriction = if kind.ends_with("deviceEnrollmentPlatformRestrictionsConfiguration")
            {
                c.get("windowsRestriction")
            } else if kind.ends_with("deviceEnrollmentPlatformRestrictionConfiguration")
                && str_of(c, "platformType").eq_ignore_ascii_case("windows")
            {
                c.get("platformRestriction")
            } else {
                None
            };
            let Some(r) = restriction else { continue };
            found = true;
            if r.get("platformBlocked").and_then(Value::as_bool) == Some(true) {
                return Ok(fail(
                    ID,
                    "The default Intune enrollment restriction blocks Windows, and bulk-enrolled devices get only the default.".into(),
                    RESTRICTION_FIX,
                ));
            }
        }
        if found {
            Ok(pass(
                ID,
                "The default Intune enrollment restriction lets Windows devices enroll.".into(),
            ))
        } else {
            Ok(unknown(
                ID,
                "Intune's answer has no default Windows platform restriction to check.".into(),
                Unknown::Undecided,
            ))
        }
    }

    /// How to replace the project's token: the command, or the wizard's button.
    fn renew(&self) -> String {
        if self.request.surface == Surface::Wizard {
            return "Get a new bulk token on the Accounts page and create the package again."
                .into();
        }
        let tenant = plain(&self.request.tenant, 253);
        let project = self
            .request
            .project
            .as_ref()
            .and_then(|p| p.path.as_ref())
            .map(|p| plain(&p.display().to_string(), 300))
            .map(|p| {
                if p.contains(char::is_whitespace) {
                    format!("\"{p}\"")
                } else {
                    p
                }
            })
            .unwrap_or_else(|| "PROJECT".into());
        format!(
            "Get a new token (ppkg-wizard token --tenant {tenant} --project {project}) and build the package again."
        )
    }

    fn token_expiry(&self) -> CheckResult {
        const ID: CheckId = CheckId::TokenExpiry;
        let renew = self.renew();
        let Some(expires) = self.request.project.as_ref().and_then(|p| p.expires) else {
            return unknown(
                ID,
                format!(
                    "The project does not record when its bulk token expires; {} to record it.",
                    self.request.surface.record_token()
                ),
                Unknown::Undecided,
            );
        };
        let days = (expires - self.request.today).whole_days();
        if days < 0 {
            fail(
                ID,
                format!(
                    "The project's bulk token expired on {expires}, so devices cannot join with it."
                ),
                renew,
            )
        } else if days == 0 {
            pass(
                ID,
                format!("The project's bulk token works until today ({expires}) only."),
            )
        } else {
            pass(
                ID,
                format!("The project's bulk token works until {expires} ({days} days from today)."),
            )
        }
    }

    fn package_account(&mut self) -> Result<CheckResult, PreflightError> {
        const ID: CheckId = CheckId::PackageAccount;
        let named = self
            .request
            .project
            .as_ref()
            .and_then(|p| p.package_account.as_deref())
            .map(|a| quoted(a.trim()));
        let Some(who) = named else {
            return Ok(unknown(
                ID,
                format!(
                    "The project does not record its package account; {} to record it.",
                    self.request.surface.record_token()
                ),
                Unknown::Undecided,
            ));
        };
        let renew = self.renew();
        match self.package().unwrap_or(Ok(None)) {
            Err(e) => from_error(ID, "the package account", "User.Read.All", e),
            Ok(None) => Ok(fail(
                ID,
                format!(
                    "The package account {who} no longer exists, so its bulk token was revoked."
                ),
                renew,
            )),
            Ok(Some(user)) if user.enabled == Some(false) => Ok(fail(
                ID,
                format!(
                    "The package account {who} is disabled, so devices cannot join with its token."
                ),
                format!(
                    "Entra ID > Users > {who} > Edit properties: allow sign-in (Update-MgUser -UserId {} -AccountEnabled:$true), or get a new token.",
                    user.id
                ),
            )),
            Ok(Some(_)) => Ok(pass(
                ID,
                format!("The package account {who} exists and may sign in."),
            )),
        }
    }
}

/// Who the Conditional Access policies are judged for.
enum Target {
    /// The project's package account; its groups when they could be read.
    Known {
        user: User,
        groups: Option<HashSet<String>>,
    },
    /// A package account yet to be created: a member user in no group or role.
    New,
}

#[derive(Debug, PartialEq, Eq)]
enum Applies {
    Yes,
    No,
    Maybe,
}

/// Whether an enabled policy demands MFA (or blocks) for the package account on the apps a
/// joining device uses. Locations and risk are not judged: a policy that may apply counts.
fn applies(policy: &Value, target: &Target) -> Applies {
    if str_of(policy, "state") != "enabled" {
        return Applies::No;
    }
    let grant = policy.get("grantControls").cloned().unwrap_or(Value::Null);
    let controls = strings(&grant, "builtInControls");
    let strength = grant
        .get("authenticationStrength")
        .is_some_and(|s| !s.is_null());
    if !(strength || controls.iter().any(|c| c == "mfa" || c == "block")) {
        return Applies::No;
    }
    let cond = policy.get("conditions").cloned().unwrap_or(Value::Null);
    let apps = cond.get("applications").cloned().unwrap_or(Value::Null);
    let include = strings(&apps, "includeApplications");
    let exclude = strings(&apps, "excludeApplications");
    let app_hit = JOIN_APPS
        .iter()
        .any(|a| (include.iter().any(|i| i == "All" || i == a)) && !exclude.iter().any(|e| e == a));
    let action_hit = strings(&apps, "includeUserActions")
        .iter()
        .any(|a| a == REGISTER_DEVICE_ACTION);
    if !(app_hit || action_hit) {
        return Applies::No;
    }
    let client_types = strings(&cond, "clientAppTypes");
    if !client_types.is_empty()
        && !client_types
            .iter()
            .any(|t| t == "all" || t == "mobileAppsAndDesktopClients")
    {
        return Applies::No;
    }
    if let Some(platforms) = cond.get("platforms").filter(|p| !p.is_null()) {
        let inc = strings(platforms, "includePlatforms");
        let exc = strings(platforms, "excludePlatforms");
        if exc.iter().any(|p| p == "windows" || p == "all")
            || (!inc.is_empty() && !inc.iter().any(|p| p == "windows" || p == "all"))
        {
            return Applies::No;
        }
    }
    let users = cond.get("users").cloned().unwrap_or(Value::Null);
    let inc_users = strings(&users, "includeUsers");
    let exc_users = strings(&users, "excludeUsers");
    let inc_groups = strings(&users, "includeGroups");
    let exc_groups = strings(&users, "excludeGroups");
    match target {
        // A new account is in no assigned group, but a dynamic group may take it in.
        Target::New => {
            if inc_users.iter().any(|u| u == "All") {
                if exc_groups.is_empty() {
                    Applies::Yes
                } else {
                    Applies::Maybe
                }
            } else if inc_groups.is_empty() {
                Applies::No
            } else {
                Applies::Maybe
            }
        }
        Target::Known { user, groups } => {
            if exc_users.contains(&user.id) {
                return Applies::No;
            }
            let in_any = |list: &[String]| -> Option<bool> {
                if list.is_empty() {
                    return Some(false);
                }
                groups.as_ref().map(|g| list.iter().any(|x| g.contains(x)))
            };
            match in_any(&exc_groups) {
                Some(true) => return Applies::No,
                None => return Applies::Maybe,
                Some(false) => {}
            }
            if inc_users.iter().any(|u| u == "All" || *u == user.id) {
                return Applies::Yes;
            }
            match in_any(&inc_groups) {
                Some(true) => Applies::Yes,
                Some(false) => Applies::No,
                None => Applies::Maybe,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(users: Value, apps: Value, controls: &[&str]) -> Value {
        json!({
            "displayName": "p", "state": "enabled",
            "conditions": {"users": users, "applications": apps, "clientAppTypes": ["all"], "platforms": null},
            "grantControls": {"operator": "OR", "builtInControls": controls}
        })
    }

    fn all_users() -> Value {
        json!({"includeUsers": ["All"], "excludeUsers": [], "includeGroups": [], "excludeGroups": []})
    }

    fn all_apps() -> Value {
        json!({"includeApplications": ["All"], "excludeApplications": [], "includeUserActions": []})
    }

    #[test]
    fn mfa_for_all_users_and_apps_applies_to_a_new_account() {
        assert_eq!(
            applies(&policy(all_users(), all_apps(), &["mfa"]), &Target::New),
            Applies::Yes
        );
        assert_eq!(
            applies(
                &policy(all_users(), all_apps(), &["compliantDevice"]),
                &Target::New
            ),
            Applies::No
        );
        let mut off = policy(all_users(), all_apps(), &["mfa"]);
        off["state"] = json!("enabledForReportingButNotEnforced");
        assert_eq!(applies(&off, &Target::New), Applies::No);
    }

    #[test]
    fn register_device_action_and_excluded_apps() {
        let action =
            json!({"includeApplications": [], "includeUserActions": [REGISTER_DEVICE_ACTION]});
        assert_eq!(
            applies(&policy(all_users(), action, &["mfa"]), &Target::New),
            Applies::Yes
        );
        let excluded = json!({"includeApplications": ["All"], "excludeApplications": JOIN_APPS});
        assert_eq!(
            applies(&policy(all_users(), excluded, &["mfa"]), &Target::New),
            Applies::No
        );
        let other = json!({"includeApplications": ["00000002-0000-0ff1-ce00-000000000000"]});
        assert_eq!(
            applies(&policy(all_users(), other, &["mfa"]), &Target::New),
            Applies::No
        );
    }

    #[test]
    fn groups_decide_for_a_known_account() {
        let user = User {
            id: "11111111-1111-1111-1111-111111111111".into(),
            upn: "p".into(),
            enabled: Some(true),
        };
        let excl = json!({"includeUsers": ["All"], "excludeGroups": ["g1"]});
        let p = policy(excl, all_apps(), &["mfa"]);
        let member = Target::Known {
            user: user.clone(),
            groups: Some(HashSet::from(["g1".to_string()])),
        };
        let outsider = Target::Known {
            user: user.clone(),
            groups: Some(HashSet::new()),
        };
        let unreadable = Target::Known { user, groups: None };
        assert_eq!(applies(&p, &member), Applies::No);
        assert_eq!(applies(&p, &outsider), Applies::Yes);
        assert_eq!(applies(&p, &unreadable), Applies::Maybe);
        assert_eq!(applies(&p, &Target::New), Applies::Maybe);
        let pilot = policy(
            json!({"includeUsers": [], "includeGroups": ["g1"]}),
            all_apps(),
            &["mfa"],
        );
        assert_eq!(applies(&pilot, &Target::New), Applies::Maybe);
        let admins = policy(
            json!({"includeUsers": [], "includeRoles": ["r"]}),
            all_apps(),
            &["mfa"],
        );
        assert_eq!(applies(&admins, &Target::New), Applies::No);
    }
}
