//! Pre-flight checks against a fake Entra ID (sign-in) and a fake Microsoft Graph built from
//! the documented response shapes: every ✔ / ✘ / ? branch, paging, 403, 429 + Retry-After,
//! network failure, escaping of server text and the exit codes.

mod common;
#[path = "common/fake_graph.rs"]
mod fake_graph;

use std::time::Duration;

use common::fake_entra::{self, FakeEntra, Route};
use fake_graph::*;
use ppkg_wizard::preflight::{
    self, CheckId, CheckResult, Event, PreflightError, PreflightRequest, ProjectToken, Report,
    Status, Throttling, Unknown,
};
use ppkg_wizard::token::{self, Cancel, Pace, Timeouts, TokenError};
use serde_json::json;
use time::macros::date;

fn graph_token() -> String {
    fake_entra::jwt(&json!({
        "aud": "https://graph.microsoft.com",
        "upn": ME_UPN,
        "tid": fake_entra::TENANT_ID,
        "scp": "Policy.Read.All User.Read",
    }))
}

fn entra() -> FakeEntra {
    let f = FakeEntra::start();
    f.script(Route::DeviceCode, vec![fake_entra::device_code(1, 900)])
        .script(
            Route::Token,
            vec![
                fake_entra::oauth_error(400, "authorization_pending", ""),
                fake_entra::access_token_with(&graph_token()),
            ],
        );
    f
}

fn request(entra: &FakeEntra, graph_url: &str) -> PreflightRequest {
    let mut r = PreflightRequest::new("contoso.onmicrosoft.com");
    r.login_url = entra.url.clone();
    r.graph_url = graph_url.to_string();
    r.today = date!(2026 - 12 - 01);
    r.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        overall: Duration::from_secs(5),
    };
    r.pace = Pace {
        second: Duration::from_millis(1),
        bulk_poll_every: Duration::from_millis(1),
        bulk_time_limit: Duration::from_secs(5),
    };
    r.throttling = Throttling {
        retries: 3,
        max_wait_secs: 60,
        second: Duration::from_millis(5),
    };
    r
}

fn project() -> ProjectToken {
    ProjectToken {
        expires: Some(date!(2026 - 12 - 20)),
        package_account: Some(PACKAGE_UPN.into()),
        path: None,
    }
}

fn run_with(graph: &FakeGraph, edit: impl FnOnce(&mut PreflightRequest)) -> Report {
    let entra = entra();
    let mut r = request(&entra, &graph.url);
    edit(&mut r);
    preflight::run(&r, &Cancel::new(), &mut |_| {}).expect("a report")
}

fn run(graph: &FakeGraph) -> Report {
    run_with(graph, |_| {})
}

fn get(report: &Report, id: CheckId) -> &CheckResult {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id:?} in {report:#?}"))
}

#[track_caller]
fn expect(report: &Report, id: CheckId, status: Status, words: &str) {
    let c = get(report, id);
    assert_eq!(c.status, status, "{id:?}: {c:#?}");
    assert!(
        c.message.contains(words),
        "{id:?}: {:?} lacks {words:?}",
        c.message
    );
    assert_eq!(
        c.fix.is_some(),
        status == Status::Fail,
        "fix only for ✘: {c:#?}"
    );
}

#[track_caller]
fn expect_permission(report: &Report, id: CheckId, permission: &str) {
    let c = get(report, id);
    assert_eq!(c.status, Status::Unknown, "{c:#?}");
    assert_eq!(
        c.unknown,
        Some(Unknown::Permission(leak(permission))),
        "{c:#?}"
    );
    assert!(
        c.message.contains(permission) && c.message.contains("403"),
        "{c:#?}"
    );
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

const ROLES: &str = "/v1.0/roleManagement/directory/roleAssignments";
const SPS: &str = "/v1.0/servicePrincipals";
const DRP: &str = "/v1.0/policies/deviceRegistrationPolicy";
const MDM: &str = "/beta/policies/mobileDeviceManagementPolicies";
const CA: &str = "/v1.0/identity/conditionalAccess/policies";
const ENROLL: &str = "/v1.0/deviceManagement/deviceEnrollmentConfigurations";

#[test]
fn a_healthy_tenant_passes_every_check_reading_every_page() {
    let graph = FakeGraph::healthy();
    let entra = entra();
    let r = request(&entra, &graph.url);
    let mut events = Vec::new();
    let report = preflight::run(&r, &Cancel::new(), &mut |e| events.push(e)).unwrap();
    for c in &report.checks {
        assert_eq!(c.status, Status::Pass, "{c:#?}");
    }
    assert_eq!(report.checks.len(), 7);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.signed_in_as.as_deref(), Some(ME_UPN));

    // The sign-in asked for the read-only Graph permissions.
    let code = &entra.requests_to(Route::DeviceCode)[0];
    let scope = code
        .form()
        .into_iter()
        .find(|(k, _)| k == "scope")
        .unwrap()
        .1;
    for p in [
        "Policy.Read.All",
        "RoleManagement.Read.Directory",
        "Application.Read.All",
    ] {
        assert!(
            scope.contains(&format!("https://graph.microsoft.com/{p}")),
            "{scope}"
        );
    }
    assert!(!scope.contains("ReadWrite"), "{scope}");

    // Only GETs, each with the bearer token; collections were read page by page.
    let bearer = format!("Bearer {}", graph_token());
    for s in graph.seen() {
        assert_eq!(s.method, "GET");
        assert_eq!(s.authorization.as_deref(), Some(bearer.as_str()), "{s:?}");
    }
    // Two of the three assignments are the signed-in user's: two pages of one.
    assert_eq!(graph.seen_path(ROLES).len(), 2);
    assert!(
        graph.seen_path(ROLES)[0]
            .query
            .contains("principalId%20eq%20'")
    );
    assert_eq!(graph.seen_path(CA).len(), 3);
    assert_eq!(graph.seen_path(ENROLL).len(), 3);
    // The registration policy is read once for two checks.
    assert_eq!(graph.seen_path(DRP).len(), 1);

    // Progress: a code to show, then each check announced and finished in order.
    assert!(matches!(
        events[0],
        Event::SignIn(token::Event::ShowCode { .. })
    ));
    let order: Vec<CheckId> = events
        .iter()
        .filter_map(|e| match e {
            Event::Checked(c) => Some(c.id),
            _ => None,
        })
        .collect();
    assert_eq!(
        order,
        report.checks.iter().map(|c| c.id).collect::<Vec<_>>()
    );
    let announced = events
        .iter()
        .filter(|e| matches!(e, Event::Checking(_)))
        .count();
    assert_eq!(announced, 7);
}

#[test]
fn with_a_project_the_token_and_its_account_are_checked() {
    let graph = FakeGraph::healthy();
    let report = run_with(&graph, |r| r.project = Some(project()));
    assert_eq!(report.checks.len(), 9);
    expect(&report, CheckId::TokenExpiry, Status::Pass, "19 days");
    expect(&report, CheckId::PackageAccount, Status::Pass, PACKAGE_UPN);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(
        graph.seen_path(&format!("/v1.0/users/{PACKAGE_UPN}")).len(),
        1
    );
}

#[test]
fn admin_role_branches() {
    let g = FakeGraph::healthy();
    g.set(
        ROLES,
        paged(vec![role_assignment(
            "a",
            ME_ID,
            CLOUD_DEVICE_ADMIN,
            "/administrativeUnits/au-1",
        )]),
    );
    let r = run(&g);
    expect(&r, CheckId::AdminRole, Status::Fail, "administrative unit");
    assert_eq!(r.exit_code(), 1);

    g.set(
        ROLES,
        paged(vec![role_assignment("a", ME_ID, GLOBAL_READER, "/")]),
    );
    expect(
        &run(&g),
        CheckId::AdminRole,
        Status::Fail,
        "Cloud Device Administrator",
    );

    g.set(
        ROLES,
        paged(vec![role_assignment(
            "a",
            ME_ID,
            "966707d0-3269-4727-9be2-8c3a10f19b9d",
            "/",
        )]),
    );
    expect(
        &run(&g),
        CheckId::AdminRole,
        Status::Pass,
        "Password Administrator",
    );

    // Through role-assignable groups, several asked for at once.
    let me_groups = "/v1.0/me/transitiveMemberOf/microsoft.graph.group";
    g.set(
        me_groups,
        paged(vec![
            group(ADMINS_GROUP),
            role_group(OTHER_GROUP),
            role_group(PACKAGES_GROUP),
        ]),
    );
    g.set(
        ROLES,
        paged(vec![
            role_assignment("a", ME_ID, GLOBAL_READER, "/"),
            role_assignment("b", ADMINS_GROUP, CLOUD_DEVICE_ADMIN, "/"),
            role_assignment(
                "c",
                PACKAGES_GROUP,
                "3a2c62db-5318-420d-8d74-23affee5d9d5",
                "/",
            ),
        ]),
    );
    expect(
        &run(&g),
        CheckId::AdminRole,
        Status::Pass,
        "Intune Administrator through a group",
    );
    let asked = g.seen_path(ROLES).last().unwrap().query.clone();
    assert!(
        asked.contains(&format!(
            "principalId%20in%20%28'{OTHER_GROUP}'%2C'{PACKAGES_GROUP}'%29"
        )),
        "{asked}"
    );
    g.set(me_groups, paged(vec![role_group(OTHER_GROUP)]));
    expect(
        &run(&g),
        CheckId::AdminRole,
        Status::Fail,
        "directly or through a group",
    );
    g.forbid(me_groups);
    expect_permission(&run(&g), CheckId::AdminRole, "User.Read");

    g.forbid(ROLES);
    let r = run(&g);
    expect_permission(&r, CheckId::AdminRole, "RoleManagement.Read.Directory");
    assert_eq!(r.exit_code(), 1, "a ? is not a pass");
}

#[test]
fn sync_fabric_branches() {
    let g = FakeGraph::healthy();
    g.set(
        SPS,
        paged(vec![service_principal(
            "00000003-0000-0000-c000-000000000000",
            "Microsoft Graph",
            true,
        )]),
    );
    let r = run(&g);
    expect(&r, CheckId::SyncFabric, Status::Fail, "missing");
    let fix = get(&r, CheckId::SyncFabric).fix.clone().unwrap();
    assert!(
        fix.contains("New-MgServicePrincipal -AppId 00000014-0000-0000-c000-000000000000"),
        "{fix}"
    );
    assert!(
        g.seen_path(SPS)[0]
            .query
            .contains("appId%20eq%20'00000014-0000-0000-c000-000000000000'")
    );

    g.set(
        SPS,
        paged(vec![service_principal(
            SYNC_FABRIC,
            "Microsoft.Azure.SyncFabric",
            false,
        )]),
    );
    expect(&run(&g), CheckId::SyncFabric, Status::Fail, "disabled");

    g.forbid(SPS);
    expect_permission(&run(&g), CheckId::SyncFabric, "Application.Read.All");
}

#[test]
fn join_and_quota_branches_without_a_project() {
    let g = FakeGraph::healthy();
    g.set(
        DRP,
        Resource::Object(registration_policy(
            json!({"@odata.type": "#microsoft.graph.noDeviceRegistrationMembership"}),
            50,
        )),
    );
    let r = run(&g);
    expect(&r, CheckId::JoinAllowed, Status::Fail, "No user may join");
    assert!(
        get(&r, CheckId::JoinAllowed)
            .fix
            .as_deref()
            .unwrap()
            .contains("Device settings")
    );

    g.set(
        DRP,
        Resource::Object(registration_policy(enumerated(&[ME_ID], &[]), 50)),
    );
    expect(
        &run(&g),
        CheckId::JoinAllowed,
        Status::Fail,
        "new package account",
    );

    g.set(
        DRP,
        Resource::Object(registration_policy(enumerated(&[], &[PACKAGES_GROUP]), 50)),
    );
    let r = run(&g);
    expect(&r, CheckId::JoinAllowed, Status::Unknown, "--project");
    assert_eq!(
        get(&r, CheckId::JoinAllowed).unknown,
        Some(Unknown::Undecided)
    );

    g.set(
        DRP,
        Resource::Object(registration_policy(enumerated(&[], &[]), 0)),
    );
    expect(&run(&g), CheckId::DeviceQuota, Status::Fail, "quota is 0");

    g.set(
        DRP,
        Resource::Object(registration_policy(
            json!({"@odata.type": "#microsoft.graph.allDeviceRegistrationMembership"}),
            20,
        )),
    );
    let r = run_with(&g, |r| r.devices = Some(25));
    expect(&r, CheckId::DeviceQuota, Status::Fail, "at most 20");
    assert!(
        get(&r, CheckId::DeviceQuota)
            .fix
            .as_deref()
            .unwrap()
            .contains("at least 25")
    );
    expect(
        &run_with(&g, |r| r.devices = Some(20)),
        CheckId::DeviceQuota,
        Status::Pass,
        "enough for 20",
    );

    g.forbid(DRP);
    let r = run(&g);
    expect_permission(&r, CheckId::JoinAllowed, "Policy.Read.DeviceConfiguration");
    expect_permission(&r, CheckId::DeviceQuota, "Policy.Read.DeviceConfiguration");
}

#[test]
fn join_branches_with_the_package_account() {
    let g = FakeGraph::healthy();
    let with_project = |g: &FakeGraph| run_with(g, |r| r.project = Some(project()));
    g.set(
        DRP,
        Resource::Object(registration_policy(enumerated(&[PACKAGE_ID], &[]), 50)),
    );
    expect(
        &with_project(&g),
        CheckId::JoinAllowed,
        Status::Pass,
        "is one of them",
    );

    g.set(
        DRP,
        Resource::Object(registration_policy(
            enumerated(&[ME_ID], &[OTHER_GROUP, PACKAGES_GROUP]),
            50,
        )),
    );
    expect(
        &with_project(&g),
        CheckId::JoinAllowed,
        Status::Pass,
        "in one of them",
    );

    g.set(
        DRP,
        Resource::Object(registration_policy(
            enumerated(&[ME_ID], &[OTHER_GROUP]),
            50,
        )),
    );
    expect(
        &with_project(&g),
        CheckId::JoinAllowed,
        Status::Fail,
        "not among them",
    );

    g.forbid(&format!(
        "/v1.0/users/{PACKAGE_ID}/transitiveMemberOf/microsoft.graph.group"
    ));
    expect_permission(
        &with_project(&g),
        CheckId::JoinAllowed,
        "GroupMember.Read.All",
    );
}

#[test]
fn mdm_scope_branches() {
    let g = FakeGraph::healthy();
    g.set(
        MDM,
        paged(vec![mdm_policy(INTUNE, "Microsoft Intune", "none")]),
    );
    expect(&run(&g), CheckId::MdmScope, Status::Fail, "None");

    // Some: the signed-in admin is in the second page of the included groups.
    g.set(
        MDM,
        paged(vec![mdm_policy(INTUNE, "Microsoft Intune", "selected")]),
    );
    expect(&run(&g), CheckId::MdmScope, Status::Pass, ME_UPN);

    g.set(
        &format!("{MDM}/{INTUNE}/includedGroups"),
        paged(vec![group(OTHER_GROUP)]),
    );
    let r = run(&g);
    expect(&r, CheckId::MdmScope, Status::Fail, "none of its groups");
    assert!(
        get(&r, CheckId::MdmScope)
            .fix
            .as_deref()
            .unwrap()
            .contains("MDM user scope")
    );

    g.set(
        MDM,
        paged(vec![mdm_policy(
            "d4ebce55-015a-49b5-a083-c84d1797ae8c",
            "Microsoft Intune Enrollment",
            "all",
        )]),
    );
    expect(&run(&g), CheckId::MdmScope, Status::Fail, "not an MDM app");

    g.forbid(MDM);
    expect_permission(&run(&g), CheckId::MdmScope, "Policy.Read.All");
}

#[test]
fn conditional_access_branches() {
    let g = FakeGraph::healthy();
    let mfa_all = ca_policy(
        "Require MFA for everyone",
        "enabled",
        json!({"includeUsers": ["All"]}),
        json!(["All"]),
        &["mfa"],
    );
    g.set(CA, paged(vec![mfa_all]));
    let r = run(&g);
    expect(
        &r,
        CheckId::ConditionalAccess,
        Status::Fail,
        "\"Require MFA for everyone\"",
    );

    let except = ca_policy(
        "MFA except break-glass",
        "enabled",
        json!({"includeUsers": ["All"], "excludeGroups": [PACKAGES_GROUP]}),
        json!(["All"]),
        &["mfa"],
    );
    g.set(CA, paged(vec![except.clone()]));
    expect(
        &run(&g),
        CheckId::ConditionalAccess,
        Status::Unknown,
        "--project",
    );
    // With the project, the package account is in the excluded group.
    expect(
        &run_with(&g, |r| r.project = Some(project())),
        CheckId::ConditionalAccess,
        Status::Pass,
        "No enabled",
    );
    g.set(
        &format!("/v1.0/users/{PACKAGE_ID}/transitiveMemberOf/microsoft.graph.group"),
        paged(vec![group(OTHER_GROUP)]),
    );
    expect(
        &run_with(&g, |r| r.project = Some(project())),
        CheckId::ConditionalAccess,
        Status::Fail,
        "MFA except",
    );

    let mut action = ca_policy(
        "MFA to join devices",
        "enabled",
        json!({"includeUsers": ["All"]}),
        json!([]),
        &["mfa"],
    );
    action["conditions"]["applications"]["includeUserActions"] = json!(["urn:user:registerdevice"]);
    g.set(CA, paged(vec![action]));
    expect(
        &run(&g),
        CheckId::ConditionalAccess,
        Status::Fail,
        "MFA to join devices",
    );

    g.forbid(CA);
    expect_permission(&run(&g), CheckId::ConditionalAccess, "Policy.Read.All");
}

#[test]
fn enrollment_restriction_branches() {
    let g = FakeGraph::healthy();
    g.set(
        ENROLL,
        paged(vec![
            limit_configuration(),
            platform_restrictions("All users and all devices", 0, true),
        ]),
    );
    let r = run(&g);
    expect(
        &r,
        CheckId::EnrollmentRestriction,
        Status::Fail,
        "blocks Windows",
    );
    assert!(
        get(&r, CheckId::EnrollmentRestriction)
            .fix
            .as_deref()
            .unwrap()
            .contains("Windows (MDM)")
    );

    g.set(ENROLL, paged(vec![limit_configuration()]));
    expect(
        &run(&g),
        CheckId::EnrollmentRestriction,
        Status::Unknown,
        "no default",
    );

    g.forbid(ENROLL);
    expect_permission(
        &run(&g),
        CheckId::EnrollmentRestriction,
        "DeviceManagementServiceConfig.Read.All",
    );
}

#[test]
fn token_and_package_account_branches() {
    let g = FakeGraph::healthy();
    let expired = ProjectToken {
        expires: Some(date!(2026 - 11 - 30)),
        ..project()
    };
    let r = run_with(&g, |r| r.project = Some(expired));
    expect(
        &r,
        CheckId::TokenExpiry,
        Status::Fail,
        "expired on 2026-11-30",
    );
    assert!(
        get(&r, CheckId::TokenExpiry)
            .fix
            .as_deref()
            .unwrap()
            .contains("ppkg-wizard token --tenant contoso.onmicrosoft.com")
    );

    let unrecorded = ProjectToken::default();
    let r = run_with(&g, |r| r.project = Some(unrecorded));
    expect(&r, CheckId::TokenExpiry, Status::Unknown, "does not record");
    expect(
        &r,
        CheckId::PackageAccount,
        Status::Unknown,
        "does not record",
    );

    g.set(
        &format!("/v1.0/users/{PACKAGE_UPN}"),
        Resource::Object(user(PACKAGE_ID, PACKAGE_UPN, false)),
    );
    expect(
        &run_with(&g, |r| r.project = Some(project())),
        CheckId::PackageAccount,
        Status::Fail,
        "disabled",
    );

    g.set(
        &format!("/v1.0/users/{PACKAGE_UPN}"),
        Resource::Error(404, "Request_ResourceNotFound", "Resource does not exist."),
    );
    let r = run_with(&g, |r| r.project = Some(project()));
    expect(
        &r,
        CheckId::PackageAccount,
        Status::Fail,
        "no longer exists",
    );
    // Without the account, joins are judged as for a new package account.
    expect(&r, CheckId::JoinAllowed, Status::Pass, "Every user");

    g.forbid(&format!("/v1.0/users/{PACKAGE_UPN}"));
    expect_permission(
        &run_with(&g, |r| r.project = Some(project())),
        CheckId::PackageAccount,
        "User.Read.All",
    );
}

#[test]
fn throttling_is_waited_out_within_bounds() {
    let g = FakeGraph::healthy();
    g.throttle(SPS, 2, 1);
    let r = run(&g);
    expect(&r, CheckId::SyncFabric, Status::Pass, "exists");
    assert_eq!(g.seen_path(SPS).len(), 3, "two 429s, then the answer");

    let g = FakeGraph::healthy();
    g.throttle(SPS, 100, 1);
    let r = run(&g);
    let c = get(&r, CheckId::SyncFabric);
    assert_eq!(c.status, Status::Unknown, "{c:#?}");
    assert_eq!(c.unknown, Some(Unknown::Unavailable("HTTP 429".into())));
    assert_eq!(g.seen_path(SPS).len(), 4, "three retries, then give up");
    assert_eq!(r.exit_code(), 1);

    // A Retry-After longer than the limit is not waited for.
    let g = FakeGraph::healthy();
    g.throttle(CA, 1, 3600);
    let r = run(&g);
    assert_eq!(get(&r, CheckId::ConditionalAccess).status, Status::Unknown);
    assert_eq!(g.seen_path(CA).len(), 1);
}

#[test]
fn next_links_to_another_host_are_not_followed() {
    let g = FakeGraph::healthy();
    let elsewhere = FakeGraph::healthy();
    g.next_link_elsewhere(CA, &elsewhere.url);
    let r = run(&g);
    let c = get(&r, CheckId::ConditionalAccess);
    assert_eq!(c.status, Status::Unknown, "{c:#?}");
    assert!(c.message.contains("next-page link"), "{c:#?}");
    assert!(
        elsewhere.seen().is_empty(),
        "the token went to another host"
    );
}

#[test]
fn server_text_is_escaped() {
    let g = FakeGraph::healthy();
    g.set(
        CA,
        paged(vec![ca_policy(
            "\u{1b}]0;owned\u{7}Evil\u{1b}[2J\r\npolicy\u{202e}",
            "enabled",
            json!({"includeUsers": ["All"]}),
            json!(["All"]),
            &["block"],
        )]),
    );
    let r = run(&g);
    let c = get(&r, CheckId::ConditionalAccess);
    assert_eq!(c.status, Status::Fail);
    assert!(c.message.contains("Evil"), "{}", c.message);
    assert!(
        !c.message
            .chars()
            .any(|ch| ch.is_control() || ch == '\u{202e}'),
        "{:?}",
        c.message
    );
    let mut text = Vec::new();
    preflight::render_text(&r, &mut text).unwrap();
    assert!(!text.contains(&0x1b) && !text.contains(&0x07));
}

#[test]
fn an_unreachable_graph_is_a_network_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let entra = entra();
    let r = request(&entra, &url);
    let report = preflight::run(&r, &Cancel::new(), &mut |_| {}).unwrap();
    for c in &report.checks {
        assert!(matches!(c.unknown, Some(Unknown::Network(_))), "{c:#?}");
        assert!(c.message.contains("connection refused"), "{}", c.message);
    }
    assert_eq!(report.exit_code(), 3);
}

#[test]
fn json_names_each_check_its_status_and_fix() {
    let g = FakeGraph::healthy();
    g.set(SPS, paged(vec![]));
    let r = run(&g);
    assert_eq!(r.exit_code(), 1);
    let mut out = Vec::new();
    preflight::render_json(&r, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["exit_code"], 1);
    let sf = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "sync-fabric")
        .unwrap();
    assert_eq!(sf["status"], "fail");
    assert!(
        sf["fix"]
            .as_str()
            .unwrap()
            .contains("New-MgServicePrincipal")
    );
    assert!(!String::from_utf8(out).unwrap().contains(&graph_token()));
}

#[test]
fn sign_in_problems_end_the_run_with_their_own_exit_code() {
    let g = FakeGraph::healthy();
    let entra = FakeEntra::start();
    entra
        .script(Route::DeviceCode, vec![fake_entra::device_code(1, 900)])
        .script(
            Route::Token,
            vec![fake_entra::oauth_error(400, "authorization_declined", "")],
        );
    let r = request(&entra, &g.url);
    let e = preflight::run(&r, &Cancel::new(), &mut |_| {}).unwrap_err();
    assert!(
        matches!(e, PreflightError::SignIn(TokenError::Declined)),
        "{e:?}"
    );
    assert_eq!(e.exit_code(), 1);
    assert!(g.seen().is_empty());

    let cancel = Cancel::new();
    cancel.cancel();
    let e = preflight::run(&request(&self::entra(), &g.url), &cancel, &mut |_| {}).unwrap_err();
    assert_eq!(e.exit_code(), 130);

    let mut bad = request(&self::entra(), "http://graph.example.com");
    bad.tenant = "contoso.com".into();
    let e = preflight::run(&bad, &Cancel::new(), &mut |_| {}).unwrap_err();
    assert!(matches!(e, PreflightError::InvalidGraphUrl { .. }), "{e:?}");
}

#[test]
fn a_worker_thread_reports_each_check_and_stops_on_cancel() {
    // As the wizard would run it: on a worker thread, events over a channel, cancel from
    // the UI thread while Graph makes the worker wait (Retry-After).
    let g = FakeGraph::healthy();
    g.throttle(SPS, 1, 50);
    let entra = entra();
    let mut r = request(&entra, &g.url);
    r.throttling.second = Duration::from_millis(100);
    let cancel = Cancel::new();
    let (tx, rx) = std::sync::mpsc::channel();
    let worker_cancel = cancel.clone();
    let worker = std::thread::spawn(move || {
        preflight::run(&r, &worker_cancel, &mut |e| {
            let _ = tx.send(e);
        })
    });
    // The first check finishes, the second waits out a 5 s Retry-After.
    loop {
        match rx.recv_timeout(Duration::from_secs(10)).expect("progress") {
            Event::Checking(CheckId::SyncFabric) => break,
            Event::Checked(c) => assert_eq!(c.id, CheckId::AdminRole),
            _ => {}
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    let asked = std::time::Instant::now();
    cancel.cancel();
    let result = worker.join().unwrap();
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    let e = result.unwrap_err();
    assert!(matches!(e, PreflightError::Cancelled), "{e:?}");
    assert_eq!(e.exit_code(), 130);
    assert_eq!(g.seen_path(SPS).len(), 1, "no request after the cancel");
}

/// Read in the wizard, no sentence or fix names a command-line flag or command: what to do
/// next is said in the wizard's own words.
#[test]
fn wizard_reports_name_the_wizards_buttons_not_flags() {
    let g = FakeGraph::healthy();
    g.set(
        DRP,
        Resource::Object(registration_policy(enumerated(&[], &[PACKAGES_GROUP]), 50)),
    );
    let cases = [
        ProjectToken::default(),
        ProjectToken {
            expires: Some(date!(2026 - 11 - 30)),
            ..project()
        },
    ];
    for token in cases {
        let wizard = run_with(&g, |r| {
            r.surface = preflight::Surface::Wizard;
            r.project = Some(token.clone());
        });
        let cli = run_with(&g, |r| r.project = Some(token.clone()));
        let words = |r: &Report| {
            r.checks
                .iter()
                .map(|c| format!("{} {}", c.message, c.fix.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (w, c) = (words(&wizard), words(&cli));
        assert!(!w.contains("--") && !w.contains("ppkg-wizard "), "{w}");
        // The command line keeps naming its flags, and both reach the same verdicts.
        assert!(c.contains("--project"), "{c}");
        let verdicts = |r: &Report| r.checks.iter().map(|c| c.status).collect::<Vec<_>>();
        assert_eq!(verdicts(&wizard), verdicts(&cli));
    }
    let w = run_with(&g, |r| r.surface = preflight::Surface::Wizard);
    expect(
        &w,
        CheckId::JoinAllowed,
        Status::Unknown,
        "check the tenant again",
    );
}
