//! A stand-in for Microsoft Graph on 127.0.0.1 (plain HTTP, one request per connection),
//! serving a small tenant in the response shapes of Microsoft's Graph reference:
//! single objects, collections in `{"value": [...]}` pages linked by absolute
//! `@odata.nextLink` URLs with `$skiptoken`, `$filter=prop eq 'v'`, Graph's error body for
//! 403 / 404, and throttling as `429` with `Retry-After`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

pub const ME_ID: &str = "5bde3e51-d13b-4db1-9948-fe4b109d11a7";
pub const ME_UPN: &str = "admin@contoso.onmicrosoft.com";
pub const PACKAGE_ID: &str = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
pub const PACKAGE_UPN: &str = "package_7d6c1b9e@contoso.onmicrosoft.com";
pub const ADMINS_GROUP: &str = "dc3d2ce5-7c5e-4dca-a0ef-2145bf6e53ef";
pub const PACKAGES_GROUP: &str = "2802b872-ccfb-4b29-a9a9-0b0f3b2e1c11";
pub const OTHER_GROUP: &str = "7a1b2c3d-0000-4000-8000-00000000beef";
pub const SYNC_FABRIC: &str = "00000014-0000-0000-c000-000000000000";
pub const INTUNE: &str = "0000000a-0000-0000-c000-000000000000";
pub const CLOUD_DEVICE_ADMIN: &str = "7698a772-787b-4ac8-901f-60d6b08affd2";
pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

/// What a path answers.
#[derive(Debug, Clone)]
pub enum Resource {
    /// `200` with this object.
    Object(Value),
    /// `200` with `{"value": [...]}`, `page_size` items a page.
    Collection { items: Vec<Value>, page_size: usize },
    /// This status with Graph's error body.
    Error(u16, &'static str, &'static str),
}

/// A request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Percent-decoded path.
    pub path: String,
    /// Raw query.
    pub query: String,
    pub authorization: Option<String>,
}

#[derive(Default)]
struct State {
    resources: HashMap<String, Resource>,
    /// Path → (how many 429s are left, Retry-After seconds).
    throttle: HashMap<String, (u32, u64)>,
    /// Path → URL its first page's nextLink points to instead of this server.
    foreign_next: HashMap<String, String>,
    seen: Vec<Seen>,
}

pub struct FakeGraph {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl FakeGraph {
    /// An empty Graph: every path answers 404.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let base = url.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let shared = shared.clone();
                let base = base.clone();
                thread::spawn(move || serve(stream, &shared, &base));
            }
        });
        Self { url, state }
    }

    /// A tenant where every check passes; collections come in pages of one item.
    pub fn healthy() -> Self {
        let g = Self::start();
        g.set(
            "/v1.0/me",
            Resource::Object(json!({
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                "id": ME_ID, "userPrincipalName": ME_UPN, "displayName": "Admin"
            })),
        );
        g.set(
            "/v1.0/roleManagement/directory/roleAssignments",
            paged(vec![
                role_assignment(
                    "a1",
                    "ace08ec9-aa11-4ada-9145-addf0398233e",
                    CLOUD_DEVICE_ADMIN,
                    "/",
                ),
                role_assignment("a2", ME_ID, GLOBAL_READER, "/"),
                role_assignment("a3", ME_ID, CLOUD_DEVICE_ADMIN, "/"),
            ]),
        );
        g.set(
            "/v1.0/servicePrincipals",
            paged(vec![
                service_principal(
                    "00000003-0000-0000-c000-000000000000",
                    "Microsoft Graph",
                    true,
                ),
                service_principal(SYNC_FABRIC, "Microsoft.Azure.SyncFabric", true),
            ]),
        );
        g.set(
            "/v1.0/policies/deviceRegistrationPolicy",
            Resource::Object(registration_policy(
                json!({"@odata.type": "#microsoft.graph.allDeviceRegistrationMembership"}),
                50,
            )),
        );
        g.set(
            "/beta/policies/mobileDeviceManagementPolicies",
            paged(vec![
                mdm_policy(
                    "d4ebce55-015a-49b5-a083-c84d1797ae8c",
                    "Microsoft Intune Enrollment",
                    "none",
                ),
                mdm_policy(INTUNE, "Microsoft Intune", "all"),
            ]),
        );
        g.set(
            &format!("/beta/policies/mobileDeviceManagementPolicies/{INTUNE}/includedGroups"),
            paged(vec![group(OTHER_GROUP), group(ADMINS_GROUP)]),
        );
        g.set(
            "/v1.0/me/transitiveMemberOf/microsoft.graph.group",
            paged(vec![group(ADMINS_GROUP)]),
        );
        g.set(
            "/v1.0/identity/conditionalAccess/policies",
            paged(vec![
                ca_policy("SimplePolicy1", "disabled", json!({"includeUsers": ["All"]}), json!(["All"]), &["mfa"]),
                ca_policy(
                    "MFA for admins",
                    "enabled",
                    json!({"includeUsers": [], "includeRoles": ["62e90394-69f5-4237-9190-012177145e10"]}),
                    json!(["All"]),
                    &["mfa"],
                ),
                ca_policy("Report only", "enabledForReportingButNotEnforced", json!({"includeUsers": ["All"]}), json!(["All"]), &["mfa"]),
            ]),
        );
        g.set(
            "/v1.0/deviceManagement/deviceEnrollmentConfigurations",
            paged(vec![
                limit_configuration(),
                platform_restrictions("All users and all devices", 0, false),
                platform_restrictions("Block Windows for a pilot", 1, true),
            ]),
        );
        g.set(
            &format!("/v1.0/users/{PACKAGE_UPN}"),
            Resource::Object(user(PACKAGE_ID, PACKAGE_UPN, true)),
        );
        g.set(
            &format!("/v1.0/users/{PACKAGE_ID}/transitiveMemberOf/microsoft.graph.group"),
            paged(vec![group(PACKAGES_GROUP)]),
        );
        g
    }

    pub fn set(&self, path: &str, resource: Resource) -> &Self {
        self.state
            .lock()
            .unwrap()
            .resources
            .insert(path.to_string(), resource);
        self
    }

    /// The path answers 403 Authorization_RequestDenied.
    pub fn forbid(&self, path: &str) -> &Self {
        self.set(
            path,
            Resource::Error(
                403,
                "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation.",
            ),
        )
    }

    /// The next `times` requests to `path` answer 429 with `Retry-After: secs`.
    pub fn throttle(&self, path: &str, times: u32, secs: u64) -> &Self {
        self.state
            .lock()
            .unwrap()
            .throttle
            .insert(path.to_string(), (times, secs));
        self
    }

    /// The first page of `path` links its next page to `url` (another host).
    pub fn next_link_elsewhere(&self, path: &str, url: &str) -> &Self {
        self.state
            .lock()
            .unwrap()
            .foreign_next
            .insert(path.to_string(), url.to_string());
        self
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn seen_path(&self, path: &str) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.path == path).collect()
    }
}

// ---- documented shapes ----

pub fn paged(items: Vec<Value>) -> Resource {
    Resource::Collection {
        items,
        page_size: 1,
    }
}

pub fn role_assignment(id: &str, principal: &str, role: &str, scope: &str) -> Value {
    json!({
        "id": id, "principalId": principal, "resourceScope": scope,
        "directoryScopeId": scope, "roleDefinitionId": role
    })
}

pub fn service_principal(app_id: &str, name: &str, enabled: bool) -> Value {
    json!({
        "id": format!("sp-{app_id}"), "appId": app_id, "displayName": name,
        "accountEnabled": enabled, "servicePrincipalType": "Application"
    })
}

/// `deviceRegistrationPolicy` as in the Get example, with `allowedToJoin` and the quota.
pub fn registration_policy(allowed_to_join: Value, quota: u64) -> Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceRegistrationPolicy",
        "id": "deviceRegistrationPolicy",
        "displayName": "Device Registration Policy",
        "description": "Tenant-wide policy that manages initial provisioning controls using quota restrictions, additional authentication and authorization checks",
        "userDeviceQuota": quota,
        "multiFactorAuthConfiguration": "notRequired",
        "azureADRegistration": {
            "isAdminConfigurable": false,
            "allowedToRegister": {"@odata.type": "#microsoft.graph.noDeviceRegistrationMembership"}
        },
        "azureADJoin": {
            "isAdminConfigurable": true,
            "allowedToJoin": allowed_to_join,
            "localAdmins": {
                "enableGlobalAdmins": true,
                "registeringUsers": {"@odata.type": "#microsoft.graph.enumeratedDeviceRegistrationMembership", "users": [], "groups": []}
            }
        },
        "localAdminPassword": {"isEnabled": false}
    })
}

pub fn enumerated(users: &[&str], groups: &[&str]) -> Value {
    json!({"@odata.type": "#microsoft.graph.enumeratedDeviceRegistrationMembership", "users": users, "groups": groups})
}

pub fn mdm_policy(id: &str, name: &str, applies_to: &str) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.mobilityManagementPolicy",
        "id": id, "appliesTo": applies_to, "displayName": name,
        "complianceUrl": "https://portal.manage.microsoft.com/?portalAction=Compliance",
        "discoveryUrl": "https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc",
        "termsOfUseUrl": "https://portal.manage.microsoft.com/TermsofUse.aspx",
        "description": "", "isValid": true
    })
}

pub fn group(id: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.group", "id": id, "displayName": format!("group {id}"), "isAssignableToRole": false})
}

/// A group that may hold directory roles.
pub fn role_group(id: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.group", "id": id, "displayName": format!("group {id}"), "isAssignableToRole": true})
}

pub fn user(id: &str, upn: &str, enabled: bool) -> Value {
    json!({"id": id, "userPrincipalName": upn, "accountEnabled": enabled})
}

/// A `conditionalAccessPolicy` as in the List example; `users` overrides the defaults.
pub fn ca_policy(name: &str, state: &str, users: Value, apps: Value, controls: &[&str]) -> Value {
    let mut u = json!({
        "includeUsers": [], "excludeUsers": [], "includeGroups": [], "excludeGroups": [],
        "includeRoles": [], "excludeRoles": []
    });
    for (k, v) in users.as_object().unwrap() {
        u[k] = v.clone();
    }
    json!({
        "id": format!("ca-{}", name.len()),
        "displayName": name, "createdDateTime": null, "modifiedDateTime": null,
        "state": state, "sessionControls": null,
        "conditions": {
            "signInRiskLevels": [], "clientAppTypes": ["all"], "platforms": null, "locations": null,
            "applications": {"includeApplications": apps, "excludeApplications": [], "includeUserActions": []},
            "users": u
        },
        "grantControls": {"operator": "OR", "builtInControls": controls, "customAuthenticationFactors": [], "termsOfUse": []}
    })
}

fn restriction(blocked: bool) -> Value {
    json!({"@odata.type": "microsoft.graph.deviceEnrollmentPlatformRestriction", "platformBlocked": blocked,
           "personalDeviceEnrollmentBlocked": false, "osMinimumVersion": null, "osMaximumVersion": null})
}

pub fn platform_restrictions(name: &str, priority: i64, windows_blocked: bool) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration",
        "id": format!("{priority}_DefaultPlatformRestrictions"), "displayName": name, "description": "",
        "priority": priority, "createdDateTime": "2017-01-01T00:02:43.5775965-08:00",
        "lastModifiedDateTime": "2017-01-01T00:00:35.1329464-08:00", "version": 7,
        "iosRestriction": restriction(false), "windowsRestriction": restriction(windows_blocked),
        "windowsMobileRestriction": restriction(true), "androidRestriction": restriction(false),
        "macOSRestriction": restriction(false)
    })
}

pub fn limit_configuration() -> Value {
    json!({
        "@odata.type": "#microsoft.graph.deviceEnrollmentLimitConfiguration",
        "id": "x_DefaultLimit", "displayName": "All users and all devices", "description": "",
        "priority": 0, "version": 1, "limit": 5
    })
}

// ---- the server ----

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn params(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// `prop eq 'value'` and `prop in ('a','b')`, the filter forms the checks send.
fn matches_filter(item: &Value, filter: &str) -> bool {
    let actual = |prop: &str| {
        item.get(prop.trim())
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    if let Some((prop, value)) = filter.split_once(" eq ") {
        return actual(prop).as_deref() == Some(value.trim().trim_matches('\''));
    }
    if let Some((prop, list)) = filter.split_once(" in ") {
        let list = list.trim().trim_start_matches('(').trim_end_matches(')');
        let want: Vec<&str> = list
            .split(',')
            .map(|v| v.trim().trim_matches('\''))
            .collect();
        return actual(prop).is_some_and(|a| want.contains(&a.as_str()));
    }
    panic!("unsupported $filter: {filter}");
}

fn serve(stream: TcpStream, state: &Mutex<State>, base: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut authorization = None;
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "authorization" => authorization = Some(v.trim().to_string()),
                "content-length" => len = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
    }
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    let (raw_path, query) = target.split_once('?').unwrap_or((&target, ""));
    let path = decode(raw_path);
    let (status, headers, body) = {
        let mut s = state.lock().unwrap();
        s.seen.push(Seen {
            method: method.clone(),
            path: path.clone(),
            query: query.to_string(),
            authorization,
        });
        answer(&mut s, &method, &path, query, base)
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = writer.write_all(head.as_bytes());
    let _ = writer.write_all(body.as_bytes());
    let _ = writer.flush();
}

fn error_body(code: &str, message: &str) -> String {
    json!({"error": {"code": code, "message": message,
        "innerError": {"date": "2026-12-01T10:00:00", "request-id": "r", "client-request-id": "c"}}})
    .to_string()
}

fn answer(
    s: &mut State,
    method: &str,
    path: &str,
    query: &str,
    base: &str,
) -> (u16, String, String) {
    if method != "GET" {
        return (
            405,
            String::new(),
            error_body("Request_BadRequest", "Only GET here."),
        );
    }
    if let Some((left, secs)) = s.throttle.get_mut(path) {
        if *left > 0 {
            *left -= 1;
            return (
                429,
                format!("Retry-After: {secs}\r\n"),
                error_body("TooManyRequests", "Too many requests."),
            );
        }
    }
    let Some(resource) = s.resources.get(path).cloned() else {
        return (
            404,
            String::new(),
            error_body("Request_ResourceNotFound", "Resource does not exist."),
        );
    };
    match resource {
        Resource::Object(v) => (200, String::new(), v.to_string()),
        Resource::Error(status, code, message) => {
            (status, String::new(), error_body(code, message))
        }
        Resource::Collection { items, page_size } => {
            let ps = params(query);
            let filter = ps
                .iter()
                .find(|(k, _)| k == "$filter")
                .map(|(_, v)| v.clone());
            let skip: usize = ps
                .iter()
                .find(|(k, _)| k == "$skiptoken")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let items: Vec<Value> = items
                .into_iter()
                .filter(|i| filter.as_deref().is_none_or(|f| matches_filter(i, f)))
                .collect();
            let page: Vec<Value> = items
                .iter()
                .skip(skip)
                .take(page_size.max(1))
                .cloned()
                .collect();
            let mut v = json!({"@odata.context": format!("https://graph.microsoft.com{path}"), "value": page});
            let next = skip + page_size.max(1);
            if next < items.len() {
                let kept: Vec<&str> = query
                    .split('&')
                    .filter(|p| !p.starts_with("$skiptoken=") && !p.is_empty())
                    .collect();
                let mut q = kept.join("&");
                if !q.is_empty() {
                    q.push('&');
                }
                let link = match s.foreign_next.get(path) {
                    Some(elsewhere) => format!("{elsewhere}{path}?{q}$skiptoken={next}"),
                    None => format!("{base}{path}?{q}$skiptoken={next}"),
                };
                v["@odata.nextLink"] = Value::String(link);
            }
            (200, String::new(), v.to_string())
        }
    }
}
