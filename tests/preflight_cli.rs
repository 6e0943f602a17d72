//! The real `ppkg-wizard preflight` binary against a fake Entra ID (sign-in) and a fake
//! Microsoft Graph: ✔ / ✘ / ? lines with fixes, `--json`, `--project`, and the exit codes
//! (0 all pass, 1 a check fails or cannot be made, 3 network). No token is ever printed.

mod common;
#[path = "common/fake_graph.rs"]
mod fake_graph;

use std::path::Path;
use std::process::{Output, Stdio};

use common::fake_entra::{self, FakeEntra, Route};
use fake_graph::*;
use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::project::{Join, Project, Secret, default_authority, save};
use serde_json::{Value, json};

fn graph_token() -> String {
    fake_entra::jwt(
        &json!({"aud": "https://graph.microsoft.com", "upn": ME_UPN, "tid": fake_entra::TENANT_ID}),
    )
}

fn entra() -> FakeEntra {
    let f = FakeEntra::start();
    f.script(Route::DeviceCode, vec![fake_entra::device_code(1, 900)])
        .script(
            Route::Token,
            vec![fake_entra::access_token_with(&graph_token())],
        );
    f
}

fn preflight(entra: &FakeEntra, graph_url: &str, args: &[&str]) -> Output {
    common::cli::bin()
        .arg("preflight")
        .args(args)
        .env("PPKG_WIZARD_LOGIN_URL", &entra.url)
        .env("PPKG_WIZARD_GRAPH_URL", graph_url)
        .stdin(Stdio::null())
        .output()
        .expect("run ppkg-wizard")
}

fn text(o: &Output) -> (String, String) {
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    for secret in [graph_token(), fake_entra::DEVICE_CODE.to_string()] {
        assert!(!out.contains(&secret), "a secret on stdout: {out}");
        assert!(!err.contains(&secret), "a secret on stderr: {err}");
    }
    (out, err)
}

const TENANT: &[&str] = &["--tenant", "contoso.onmicrosoft.com"];

#[test]
fn a_healthy_tenant_exits_0_with_a_tick_per_check() {
    let (entra, graph) = (entra(), FakeGraph::healthy());
    let o = preflight(&entra, &graph.url, TENANT);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "stdout: {out}\nstderr: {err}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("✔ ")).count(),
        7,
        "{out}"
    );
    assert!(out.contains("✔ Microsoft.Azure.SyncFabric: "), "{out}");
    assert!(
        out.ends_with("7 passed, 0 failed, 0 could not be checked.\n"),
        "{out}"
    );
    // The sign-in prompt goes to stderr, never stdout.
    assert!(err.contains(fake_entra::USER_CODE), "{err}");
    assert!(err.contains(&format!("Signed in as {ME_UPN}")), "{err}");
    let form = entra.requests_to(Route::DeviceCode)[0].form();
    let default_client = (
        "client_id".to_string(),
        ppkg_wizard::preflight::DEFAULT_CLIENT_ID.to_string(),
    );
    assert!(form.contains(&default_client), "{form:?}");
    assert!(!out.contains(fake_entra::USER_CODE));
}

#[test]
fn json_is_one_object_for_scripts() {
    let (entra, graph) = (entra(), FakeGraph::healthy());
    graph.set(
        "/v1.0/servicePrincipals",
        paged(vec![service_principal(
            "00000003-0000-0000-c000-000000000000",
            "Microsoft Graph",
            true,
        )]),
    );
    let client = "0c8e0e1a-3c1e-4a6e-8d55-7b3f5a1c2d3e";
    let o = preflight(
        &entra,
        &graph.url,
        &[TENANT, &["--json", "--client-id", client]].concat(),
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "stdout: {out}\nstderr: {err}");
    let v: Value = serde_json::from_str(&out).expect("stdout is JSON");
    assert_eq!(v["exit_code"], 1);
    assert_eq!(v["signed_in_as"], ME_UPN);
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 7);
    let sf = checks.iter().find(|c| c["id"] == "sync-fabric").unwrap();
    assert_eq!(sf["status"], "fail");
    assert!(
        sf["fix"]
            .as_str()
            .unwrap()
            .contains("New-MgServicePrincipal -AppId 00000014-0000-0000-c000-000000000000")
    );
    assert!(
        checks
            .iter()
            .filter(|c| c["id"] != "sync-fabric")
            .all(|c| c["status"] == "pass")
    );
}

#[test]
fn a_failure_prints_the_fix_and_exits_1() {
    let (entra, graph) = (entra(), FakeGraph::healthy());
    graph.set(
        "/v1.0/deviceManagement/deviceEnrollmentConfigurations",
        paged(vec![platform_restrictions(
            "All users and all devices",
            0,
            true,
        )]),
    );
    let o = preflight(&entra, &graph.url, TENANT);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "stdout: {out}\nstderr: {err}");
    let line = out
        .lines()
        .position(|l| l.starts_with("✘ Enrollment restriction: "))
        .expect(&out);
    let fix = out.lines().nth(line + 1).unwrap();
    assert!(
        fix.starts_with("    Fix: Intune admin center > Devices > Enrollment"),
        "{fix}"
    );
}

#[test]
fn a_forbidden_read_is_a_question_mark_naming_the_permission() {
    let (entra, graph) = (entra(), FakeGraph::healthy());
    graph.forbid("/v1.0/identity/conditionalAccess/policies");
    let o = preflight(&entra, &graph.url, TENANT);
    let (out, err) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a ? is not a pass\nstdout: {out}\nstderr: {err}"
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("? Conditional Access: "))
        .expect(&out);
    assert!(
        line.contains("Policy.Read.All") && line.contains("403"),
        "{line}"
    );
    assert!(
        out.contains("6 passed, 0 failed, 1 could not be checked."),
        "{out}"
    );
}

#[test]
fn throttled_reads_are_retried_after_the_wait() {
    let (entra, graph) = (entra(), FakeGraph::healthy());
    graph.throttle("/v1.0/roleManagement/directory/roleAssignments", 1, 1);
    let o = preflight(&entra, &graph.url, TENANT);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "stdout: {out}\nstderr: {err}");
    let seen = graph.seen_path("/v1.0/roleManagement/directory/roleAssignments");
    assert_eq!(seen.len(), 3, "one 429, then two pages");
}

#[test]
fn an_unreachable_graph_exits_3() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let o = preflight(&entra(), &url, TENANT);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(3), "stdout: {out}\nstderr: {err}");
    assert!(
        out.contains("0 passed, 0 failed, 7 could not be checked."),
        "{out}"
    );
}

fn entra_project(dir: &Path, expires: time::Date) -> std::path::PathBuf {
    let mut p = Project::new("site");
    p.accounts.join = Join::EntraId {
        authority: default_authority(),
        tenant: None,
        token: Secret::file("site.bprt"),
        expires: Some(expires),
        package_account: Some(PACKAGE_UPN.into()),
    };
    let path = dir.join("site.json");
    save(&p, &path, Overwrite::Refuse).unwrap();
    path
}

#[test]
fn project_token_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let today = ppkg_wizard::token::today_local();
    let project = entra_project(dir.path(), today - time::Duration::days(1));
    let (entra, graph) = (entra(), FakeGraph::healthy());
    graph.set(
        &format!("/v1.0/users/{PACKAGE_UPN}"),
        Resource::Error(404, "Request_ResourceNotFound", "Resource does not exist."),
    );
    let o = preflight(
        &entra,
        &graph.url,
        &[TENANT, &["--project", project.to_str().unwrap()]].concat(),
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "stdout: {out}\nstderr: {err}");
    assert!(
        out.contains("✘ Bulk token expiry: The project's bulk token expired on"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "✘ Package account: The package account \"{PACKAGE_UPN}\" no longer exists"
        )),
        "{out}"
    );
    let renew = format!("--project {}) and build", project.display());
    assert_eq!(out.matches(&renew).count(), 2, "{out}");

    let fresh = tempfile::tempdir().unwrap();
    let project = entra_project(fresh.path(), today + time::Duration::days(30));
    let graph = FakeGraph::healthy();
    let o = preflight(
        &self::entra(),
        &graph.url,
        &[TENANT, &["--project", project.to_str().unwrap()]].concat(),
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "stdout: {out}\nstderr: {err}");
    assert!(out.contains("9 passed"), "{out}");
}

#[test]
fn wrong_input_fails_before_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("local.json");
    save(&Project::new("local"), &local, Overwrite::Refuse).unwrap();
    let (entra, graph) = (entra(), FakeGraph::healthy());
    let o = preflight(
        &entra,
        &graph.url,
        &[TENANT, &["--project", local.to_str().unwrap()]].concat(),
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("does not enroll devices in Entra ID"), "{err}");

    let o = preflight(&entra, "http://graph.example.com", TENANT);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("The Graph URL \"http://graph.example.com\" cannot be used"),
        "{err}"
    );

    let o = preflight(&entra, &graph.url, &["--tenant", "common"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("\"common\""), "{err}");

    let o = preflight(
        &entra,
        &graph.url,
        &[TENANT, &["--project", "/nonexistent/p.json"]].concat(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        entra.requests().is_empty() && graph.seen().is_empty(),
        "nobody signed in"
    );
}
