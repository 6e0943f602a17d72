//! The whole token flow against a fake Entra ID on 127.0.0.1: what we send, how we pace
//! polls, and what comes back.

mod common;

use std::time::{Duration, Instant};

use common::fake_entra::*;
use ppkg_wizard::token::{
    BulkToken, Cancel, DEFAULT_CLIENT_ID, Event, Pace, Timeouts, TokenError, TokenRequest,
    get_bulk_token, today_local,
};
use time::Duration as Days;

const BPRT: &str = "0.AXoA-fake-bulk-primary-refresh-token-zz9";
const TENANT: &str = "contoso.onmicrosoft.com";
/// One protocol "second" in these tests.
const UNIT: Duration = Duration::from_millis(20);

fn request(server: &FakeEntra) -> TokenRequest {
    let mut r = TokenRequest::new(TENANT);
    r.login_url = server.url.clone();
    r.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        overall: Duration::from_secs(2),
    };
    r.pace = Pace {
        second: UNIT,
        bulk_poll_every: Duration::from_millis(10),
        bulk_time_limit: Duration::from_secs(3),
    };
    r
}

fn run(req: &TokenRequest) -> (Result<BulkToken, TokenError>, Vec<Event>) {
    let mut events = Vec::new();
    let result = get_bulk_token(req, &Cancel::new(), &mut |e| events.push(e));
    (result, events)
}

#[test]
fn success_after_pending_and_slow_down_sends_exactly_the_documented_requests() {
    let server = FakeEntra::start();
    let flow_token = "ab+c/d=e&f g";
    server
        .script(Route::DeviceCode, vec![device_code(1, 900)])
        .script(
            Route::Token,
            vec![
                oauth_error(400, "authorization_pending", "AADSTS70016: pending"),
                oauth_error(400, "authorization_pending", "AADSTS70016: pending"),
                oauth_error(400, "slow_down", ""),
                oauth_error(400, "authorization_pending", "AADSTS70016: pending"),
                access_token_reply(),
            ],
        )
        .script(Route::Begin, vec![begin_started(flow_token)])
        .script(
            Route::Poll,
            vec![
                flow_state("Started"),
                flow_state("InProgress"),
                poll_success(BPRT),
            ],
        );
    let mut req = request(&server);
    let expires = today_local() + Days::days(45);
    req.expires = expires;

    let (result, events) = run(&req);
    let token = result.expect("token");

    assert_eq!(token.token.expose(), BPRT);
    assert_eq!(token.package_account, PACKAGE_ACCOUNT);
    assert_eq!(token.signed_in_as, ACCESS_UPN);
    assert_eq!(token.tenant_id, TENANT_ID);
    assert_eq!(token.expires, expires);
    assert_eq!(token.package_name, format!("package_{}", token.package_id));

    // Events the wizard relies on.
    assert!(events.iter().any(|e| matches!(e,
        Event::ShowCode { user_code, verification_uri, message, .. }
            if user_code == USER_CODE && verification_uri == "https://microsoft.com/devicelogin" && message.contains(USER_CODE))));
    assert!(events.contains(&Event::SlowDown { interval_secs: 6 }));
    assert!(events.iter().any(|e| matches!(e, Event::Waiting { .. })));
    assert!(events.contains(&Event::SignedIn {
        upn: ACCESS_UPN.into(),
        tenant_id: TENANT_ID.into()
    }));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::CreatingToken { .. }))
    );

    // Requests: exactly these, in this order.
    let all = server.requests();
    let routes: Vec<Route> = all.iter().map(|r| r.route).collect();
    use Route::*;
    assert_eq!(
        routes,
        [
            DeviceCode, Token, Token, Token, Token, Token, Begin, Poll, Poll, Poll
        ]
    );

    let dc = &all[0];
    assert_eq!(dc.method, "POST");
    assert_eq!(dc.path, format!("/{TENANT}/oauth2/v2.0/devicecode"));
    assert_eq!(
        dc.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        dc.form(),
        vec![
            ("client_id".to_string(), DEFAULT_CLIENT_ID.to_string()),
            (
                "scope".to_string(),
                "urn:ms-drs:enterpriseregistration.windows.net/.default".to_string()
            ),
        ]
    );

    for t in &all[1..6] {
        assert_eq!(t.method, "POST");
        assert_eq!(t.path, format!("/{TENANT}/oauth2/v2.0/token"));
        assert_eq!(
            t.form(),
            vec![
                (
                    "grant_type".to_string(),
                    "urn:ietf:params:oauth:grant-type:device_code".to_string()
                ),
                ("client_id".to_string(), DEFAULT_CLIENT_ID.to_string()),
                ("device_code".to_string(), DEVICE_CODE.to_string()),
            ]
        );
        assert_eq!(t.header("authorization"), None);
    }

    // Pacing: interval 1 "second" (20 ms), then 6 after slow_down.
    let gap = |i: usize| all[i + 1].at - all[i].at;
    assert!(
        gap(0) >= UNIT,
        "first poll waits one interval: {:?}",
        gap(0)
    );
    assert!(gap(3) >= UNIT * 6, "slow_down adds 5 s: {:?}", gap(3));
    assert!(
        gap(4) >= UNIT * 6,
        "the interval stays longer: {:?}",
        gap(4)
    );

    let begin = &all[6];
    let bearer = format!("Bearer {}", access_token());
    assert_eq!(begin.method, "POST");
    assert_eq!(begin.path, "/webapp/bulkaadjtoken/begin");
    assert_eq!(begin.query, "");
    assert_eq!(begin.header("authorization"), Some(bearer.as_str()));
    assert_eq!(begin.header("content-type"), Some("application/json"));
    let body = begin.json();
    let obj = body.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["exp", "name", "pid"]);
    let pid = obj["pid"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(pid).unwrap().get_version_num(), 4);
    assert_eq!(pid, token.package_id);
    assert_eq!(obj["name"], format!("package_{pid}"));
    let want_exp = format!(
        "{:02}/{:02}/{:04}",
        expires.month() as u8,
        expires.day(),
        expires.year()
    );
    assert_eq!(obj["exp"], want_exp.as_str());

    for p in &all[7..] {
        assert_eq!(p.method, "GET");
        assert_eq!(p.path, "/webapp/bulkaadjtoken/poll");
        assert_eq!(p.query, "flowToken=ab%2Bc%2Fd%3De%26f%20g");
        assert_eq!(p.header("authorization"), Some(bearer.as_str()));
    }
}

#[test]
fn name_client_id_and_organizations_reach_the_server() {
    let server = FakeEntra::happy(BPRT);
    let mut req = request(&server);
    req.tenant = "organizations".into();
    req.client_id = "de0853a1-ab20-47bd-990b-71ad5077ac7b".into();
    req.name = Some("Lab PCs – März".into());
    let (result, _) = run(&req);
    result.expect("token");
    let dc = &server.requests_to(Route::DeviceCode)[0];
    assert_eq!(dc.path, "/organizations/oauth2/v2.0/devicecode");
    assert_eq!(dc.form()[0].1, "de0853a1-ab20-47bd-990b-71ad5077ac7b");
    let token = &server.requests_to(Route::Token)[0];
    assert_eq!(token.path, "/organizations/oauth2/v2.0/token");
    assert_eq!(
        server.requests_to(Route::Begin)[0].json()["name"],
        "Lab PCs – März"
    );
}

#[test]
fn common_and_bad_dates_are_refused_before_any_request() {
    let server = FakeEntra::happy(BPRT);
    let mut req = request(&server);
    req.tenant = "common".into();
    let (result, _) = run(&req);
    assert_eq!(result.unwrap_err(), TokenError::CommonTenant);

    let mut req = request(&server);
    req.expires = today_local() + Days::days(180);
    let (result, _) = run(&req);
    assert!(matches!(
        result.unwrap_err(),
        TokenError::InvalidExpiry { .. }
    ));
    assert!(server.requests().is_empty());
}

#[test]
fn sign_in_outcomes() {
    let cases = [
        (
            oauth_error(400, "authorization_declined", "AADSTS70000: declined"),
            TokenError::Declined,
        ),
        (
            oauth_error(400, "expired_token", "AADSTS70020: expired"),
            TokenError::CodeExpired,
        ),
        (
            oauth_error(400, "bad_verification_code", ""),
            TokenError::BadVerificationCode,
        ),
        (
            oauth_error(
                400,
                "invalid_grant",
                "AADSTS50076: Due to a configuration change made by your administrator...\r\nTrace ID: 1",
            ),
            TokenError::MfaRequired { code: 50076 },
        ),
        (
            oauth_error(400, "interaction_required", "AADSTS50079: enroll in MFA"),
            TokenError::MfaRequired { code: 50079 },
        ),
        (
            oauth_error(400, "invalid_grant", "Federated accounts are not supported"),
            TokenError::FederatedAccount,
        ),
        (
            oauth_error(500, "server_error", ""),
            TokenError::Server { status: 500 },
        ),
        (
            Reply::Raw(200, "text/html", "<html>sign in</html>".into()),
            TokenError::Unexpected {
                what: "the sign-in answer has no access_token".into(),
            },
        ),
    ];
    for (reply, want) in cases {
        let server = FakeEntra::start();
        server
            .script(Route::DeviceCode, vec![device_code(1, 900)])
            .script(
                Route::Token,
                vec![oauth_error(400, "authorization_pending", ""), reply],
            );
        let (result, _) = run(&request(&server));
        let err = result.unwrap_err();
        assert_eq!(err, want);
        assert_no_secret(&err);
        assert!(
            server.requests_to(Route::Begin).is_empty(),
            "{want:?}: no begin"
        );
        assert_eq!(
            server.requests_to(Route::Token).len(),
            2,
            "{want:?}: stops polling"
        );
    }
}

#[test]
fn code_runs_out_on_our_side_too() {
    let server = FakeEntra::start();
    server
        .script(Route::DeviceCode, vec![device_code(1, 3)])
        .script(
            Route::Token,
            vec![oauth_error(400, "authorization_pending", "")],
        );
    let start = Instant::now();
    let (result, events) = run(&request(&server));
    assert_eq!(result.unwrap_err(), TokenError::CodeExpired);
    assert!(start.elapsed() >= UNIT * 3);
    let polls = server.requests_to(Route::Token).len();
    assert!(
        (1..=3).contains(&polls),
        "{polls} polls for a 3 s code at interval 1"
    );
    // The countdown went down to zero.
    assert!(events.contains(&Event::Waiting { seconds_left: 0 }));
    assert!(events.contains(&Event::Waiting { seconds_left: 3 }));
}

#[test]
fn wrong_audience_stops_before_begin() {
    let server = FakeEntra::start();
    let graph = jwt(&serde_json::json!({"aud": "https://graph.microsoft.com", "upn": "a@b"}));
    server
        .script(Route::DeviceCode, vec![device_code(1, 900)])
        .script(Route::Token, vec![access_token_with(&graph)]);
    let (result, _) = run(&request(&server));
    assert_eq!(
        result.unwrap_err(),
        TokenError::WrongAudience {
            aud: "https://graph.microsoft.com".into()
        }
    );
    assert!(server.requests_to(Route::Begin).is_empty());
}

/// The table of `reference/bulk-token.md`, as Entra ID reports it from begin and from poll.
fn bulk_error_cases() -> Vec<(&'static str, &'static str, TokenError)> {
    vec![
        (
            "invalid_request",
            "AADSTS240001: BulkAADJTokenUnauthorized: User is not authorized",
            TokenError::NotAllowedToJoin,
        ),
        (
            "invalid_request",
            "AADSTS90092: Non-retryable error has occurred.",
            TokenError::SyncFabricMissing { code: 90092 },
        ),
        (
            "invalid_request",
            "AADSTS90202: service principal missing",
            TokenError::SyncFabricMissing { code: 90202 },
        ),
        (
            "invalid_request",
            "AADSTS90114: InvalidExpiryDate",
            TokenError::ExpiryRejected,
        ),
        (
            "invalid_request",
            "AADSTS240005: role missing",
            TokenError::RoleMissing,
        ),
        (
            "interaction_required",
            "AADSTS50076: MFA",
            TokenError::MfaRequired { code: 50076 },
        ),
        (
            "interaction_required",
            "AADSTS50079: MFA registration",
            TokenError::MfaRequired { code: 50079 },
        ),
        (
            "invalid_request",
            "Bulk token is not supported for federated users",
            TokenError::FederatedAccount,
        ),
        (
            "invalid_request",
            "AADSTS12345: something new\r\nTrace ID: 9",
            TokenError::Rejected {
                error: "invalid_request".into(),
                description: "AADSTS12345: something new".into(),
            },
        ),
    ]
}

#[test]
fn bulk_errors_from_begin() {
    for (error, description, want) in bulk_error_cases() {
        let server = FakeEntra::happy(BPRT);
        server.script(Route::Begin, vec![complete_error(error, description)]);
        let (result, _) = run(&request(&server));
        let err = result.unwrap_err();
        assert_eq!(err, want, "{description}");
        assert_no_secret(&err);
        assert_eq!(
            server.requests_to(Route::Begin).len(),
            1,
            "{description}: not retried"
        );
        assert!(server.requests_to(Route::Poll).is_empty());
    }
}

#[test]
fn bulk_errors_from_poll() {
    for (error, description, want) in bulk_error_cases() {
        let server = FakeEntra::happy(BPRT);
        server.script(
            Route::Poll,
            vec![flow_state("InProgress"), complete_error(error, description)],
        );
        let (result, _) = run(&request(&server));
        let err = result.unwrap_err();
        assert_eq!(err, want, "{description}");
        assert_no_secret(&err);
        assert_eq!(server.requests_to(Route::Poll).len(), 2);
        assert_eq!(server.requests_to(Route::Begin).len(), 1);
    }
}

#[test]
fn unknown_bulk_refusal_for_a_federated_sign_in_is_explained_as_federation() {
    let server = FakeEntra::happy(BPRT);
    let fed = jwt(&serde_json::json!({
        "aud": "urn:ms-drs:enterpriseregistration.windows.net",
        "upn": "admin@contoso.com",
        "tid": TENANT_ID,
        "amr": ["fed"],
    }));
    server
        .script(Route::Token, vec![access_token_with(&fed)])
        .script(
            Route::Begin,
            vec![complete_error("invalid_request", "AADSTS9999: odd")],
        );
    let (result, _) = run(&request(&server));
    assert_eq!(result.unwrap_err(), TokenError::FederatedAccount);
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let server = FakeEntra::happy(BPRT);
    let (result, events) = run(&request(&server));
    let token = result.unwrap();
    assert_eq!(token.token.expose(), BPRT);
    let text = format!("{token:?} {events:?}");
    assert!(
        !text.contains(BPRT) && !text.contains(&access_token()),
        "{text}"
    );
    assert!(!text.contains(DEVICE_CODE), "{text}");
}

#[test]
fn begin_errors_as_http_status_with_oauth_body() {
    let server = FakeEntra::happy(BPRT);
    server.script(
        Route::Begin,
        vec![oauth_error(400, "invalid_request", "AADSTS240001: no")],
    );
    let (result, _) = run(&request(&server));
    assert_eq!(result.unwrap_err(), TokenError::NotAllowedToJoin);
}

#[test]
fn unauthorized_client_from_begin_is_retried_exactly_once() {
    // Second try works.
    let server = FakeEntra::happy(BPRT);
    server.script(
        Route::Begin,
        vec![
            complete_error("unauthorized_client", "AADSTS700016: x"),
            begin_started("f"),
        ],
    );
    let (result, events) = run(&request(&server));
    assert_eq!(result.expect("token").token.expose(), BPRT);
    let begins = server.requests_to(Route::Begin);
    assert_eq!(begins.len(), 2);
    assert_eq!(begins[0].body, begins[1].body, "same pid on the retry");
    assert!(events.contains(&Event::RetryingBegin));

    // Twice unauthorized: give up after the second.
    let server = FakeEntra::happy(BPRT);
    server.script(
        Route::Begin,
        vec![complete_error("unauthorized_client", "")],
    );
    let (result, _) = run(&request(&server));
    assert_eq!(result.unwrap_err(), TokenError::UnauthorizedClient);
    assert_eq!(server.requests_to(Route::Begin).len(), 2);
    assert!(server.requests_to(Route::Poll).is_empty());
}

#[test]
fn server_errors_and_garbage_are_not_retried() {
    let server = FakeEntra::happy(BPRT);
    server.script(
        Route::Begin,
        vec![Reply::Raw(500, "text/html", "<h1>oops</h1>".into())],
    );
    let (result, _) = run(&request(&server));
    assert_eq!(result.unwrap_err(), TokenError::Server { status: 500 });
    assert_eq!(server.requests_to(Route::Begin).len(), 1);

    let server = FakeEntra::happy(BPRT);
    server.script(
        Route::Begin,
        vec![Reply::Json(200, "{\"flowToken\": ".into())],
    );
    let (result, _) = run(&request(&server));
    assert!(matches!(result.unwrap_err(), TokenError::Unexpected { .. }));
    assert_eq!(server.requests_to(Route::Begin).len(), 1);

    let server = FakeEntra::happy(BPRT);
    server.script(Route::Poll, vec![Reply::Json(200, "[1,2".into())]);
    let (result, _) = run(&request(&server));
    assert!(matches!(result.unwrap_err(), TokenError::Unexpected { .. }));

    let server = FakeEntra::start();
    server.script(Route::DeviceCode, vec![Reply::Json(200, "not json".into())]);
    let (result, _) = run(&request(&server));
    assert!(matches!(result.unwrap_err(), TokenError::Unexpected { .. }));

    let server = FakeEntra::start();
    server.script(
        Route::DeviceCode,
        vec![Reply::Raw(503, "text/plain", "busy".into())],
    );
    let (result, _) = run(&request(&server));
    assert_eq!(result.unwrap_err(), TokenError::Server { status: 503 });

    // A finished flow without a token is not success.
    let server = FakeEntra::happy(BPRT);
    server.script(Route::Poll, vec![flow_state("CompleteSuccess")]);
    let (result, _) = run(&request(&server));
    assert!(matches!(result.unwrap_err(), TokenError::Unexpected { .. }));
}

#[test]
fn device_code_endpoint_refusal_shows_entra_sentence() {
    let server = FakeEntra::start();
    server.script(
        Route::DeviceCode,
        vec![oauth_error(
            400,
            "invalid_request",
            "AADSTS90002: Tenant 'nope' not found.\r\nTrace ID: 1",
        )],
    );
    let (result, _) = run(&request(&server));
    let msg = result.unwrap_err().to_string();
    assert!(
        msg.contains("AADSTS90002: Tenant 'nope' not found."),
        "{msg}"
    );
    assert!(!msg.contains("Trace ID"), "{msg}");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = FakeEntra::start();
    server.script(
        Route::DeviceCode,
        vec![Reply::Hang(Duration::from_secs(10))],
    );
    let mut req = request(&server);
    req.timeouts = Timeouts {
        connect: Duration::from_millis(300),
        overall: Duration::from_millis(300),
    };
    let start = Instant::now();
    let (result, _) = run(&req);
    let err = result.unwrap_err();
    assert!(matches!(err, TokenError::Timeout { .. }), "{err:?}");
    assert!(
        err.to_string().contains("did not answer within 0.3 s"),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(3));
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn bulk_poll_gives_up_after_the_time_limit() {
    let server = FakeEntra::happy(BPRT);
    server.script(Route::Poll, vec![flow_state("InProgress")]);
    let mut req = request(&server);
    req.pace.bulk_time_limit = Duration::from_millis(150);
    let (result, _) = run(&req);
    assert!(matches!(result.unwrap_err(), TokenError::BulkTimedOut(_)));
    assert!(server.requests_to(Route::Poll).len() >= 2);
}

#[test]
fn connection_refused_is_a_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut req = TokenRequest::new(TENANT);
    req.login_url = format!("http://127.0.0.1:{port}");
    let err = get_bulk_token(&req, &Cancel::new(), &mut |_| {}).unwrap_err();
    assert!(matches!(err, TokenError::Network { .. }), "{err:?}");
    assert!(err.to_string().contains("connection refused"), "{err}");
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn tls_failure_is_reported_as_tls() {
    // https to a server that only speaks plain HTTP.
    let server = FakeEntra::happy(BPRT);
    let mut req = request(&server);
    req.login_url = format!("https://127.0.0.1:{}", server.port);
    let err = get_bulk_token(&req, &Cancel::new(), &mut |_| {}).unwrap_err();
    assert!(matches!(err, TokenError::Tls { .. }), "{err:?}");
}

#[test]
fn cancel_stops_sign_in_polling_quickly() {
    let server = FakeEntra::start();
    server
        .script(Route::DeviceCode, vec![device_code(5, 900)])
        .script(
            Route::Token,
            vec![oauth_error(400, "authorization_pending", "")],
        );
    let mut req = request(&server);
    req.pace.second = Duration::from_secs(1);
    let cancel = Cancel::new();
    let remote = cancel.clone();
    let worker = std::thread::spawn(move || get_bulk_token(&req, &cancel, &mut |_| {}));
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    remote.cancel();
    let result = worker.join().unwrap();
    assert!(
        asked.elapsed() < Duration::from_millis(200),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(result.unwrap_err(), TokenError::Cancelled);
    assert!(server.requests_to(Route::Token).is_empty());
}

#[test]
fn cancel_before_begin_creates_nothing() {
    let server = FakeEntra::happy(BPRT);
    let req = request(&server);
    let cancel = Cancel::new();
    let remote = cancel.clone();
    let err = get_bulk_token(&req, &cancel, &mut |e| {
        if matches!(e, Event::CreatingToken { .. }) {
            remote.cancel();
        }
    })
    .unwrap_err();
    assert_eq!(err, TokenError::Cancelled);
    assert!(server.requests_to(Route::Begin).is_empty());
}

#[test]
fn cancel_during_bulk_poll_names_the_account_to_check() {
    let server = FakeEntra::happy(BPRT);
    server.script(Route::Poll, vec![flow_state("InProgress")]);
    let mut req = request(&server);
    req.pace.bulk_poll_every = Duration::from_secs(1);
    let cancel = Cancel::new();
    let remote = cancel.clone();
    let worker = std::thread::spawn(move || get_bulk_token(&req, &cancel, &mut |_| {}));
    let waited = Instant::now();
    while server.requests_to(Route::Begin).is_empty() {
        assert!(
            waited.elapsed() < Duration::from_secs(5),
            "begin never sent"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let asked = Instant::now();
    remote.cancel();
    let err = worker.join().unwrap().unwrap_err();
    assert!(
        asked.elapsed() < Duration::from_millis(200),
        "{:?}",
        asked.elapsed()
    );
    let pid = server.requests_to(Route::Begin)[0].json()["pid"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        err,
        TokenError::CancelledAfterBegin {
            account: format!("package_{pid}")
        }
    );
    assert_eq!(err.exit_code(), 130);
}

fn assert_no_secret(err: &TokenError) {
    let text = format!("{err} {err:?}");
    for secret in [BPRT, DEVICE_CODE, &access_token()] {
        assert!(!text.contains(secret), "{text}");
    }
}
