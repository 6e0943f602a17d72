//! Page 4, "Account management": Active Directory, Entra ID (bulk token) or local admin
//! only; an optional local administrator; optional on-premises MDM enrollment.

use super::{Cx, Effect, PageView, merge_secret, secret_text, source_note};
use crate::preflight::ProjectToken;
use crate::project::{
    Field, Join, LocalAdmin, MdmAuth, MdmEnrollment, Project, Secret, Severity, default_authority,
    iso_date,
};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, Tone, button, check, choice, secret, text};
use crate::tui::worker::PreflightAsk;

const AD: usize = 0;
const ENTRA: usize = 1;
/// Neither directory: the PCs stay in a workgroup (local accounts, if any, only).
const NO_JOIN: usize = 2;

/// Default life of a new bulk token, in days.
const TOKEN_DAYS: i64 = 30;

/// The Entra join kept aside while another join is chosen, so switching back keeps the token.
#[derive(Clone, Debug)]
struct EntraStash {
    authority: String,
    tenant: Option<String>,
    token: Secret,
    expires: Option<time::Date>,
    package_account: Option<String>,
}

pub struct AccountsPage {
    form: Form,
    entra: EntraStash,
    /// The client certificate's thumbprint, read from the .pfx when the page last
    /// applied (not on every frame: opening a .pfx derives keys).
    thumbprint: Option<String>,
    /// The App's date (injected in tests), so expiry rules agree with the rest of the page.
    today: time::Date,
}

/// What "Get bulk token" asks Entra ID for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenAsk {
    pub tenant: String,
    pub expires: time::Date,
}

impl AccountsPage {
    /// Certificate enrollment: the secret is the .pfx's thumbprint, which is public; fill
    /// it in when left empty so nobody has to copy forty hex digits. Also called when the
    /// Certificates page changes, where the .pfx and its password are given.
    pub fn certificates_changed(&mut self, p: &mut Project) {
        self.thumbprint = p.client_thumbprints().into_iter().next();
        if let (Some(m), Some(t)) = (p.accounts.mdm.as_mut(), &self.thumbprint) {
            if m.auth == MdmAuth::Certificate && !m.secret.has_value() {
                m.secret = Secret::typed(t.as_str().into(), crate::project::SecretSource::Clear);
                self.form.set_text(Slot::MdmSecret, t);
            }
        }
    }

    pub fn new(p: &Project, today: time::Date) -> Self {
        let a = &p.accounts;
        let (join, ad) = match &a.join {
            Join::ActiveDirectory {
                domain,
                account,
                password,
                ou,
            } => (
                AD,
                (
                    domain.clone(),
                    account.clone(),
                    secret_text(Some(password)),
                    ou.clone().unwrap_or_default(),
                ),
            ),
            Join::EntraId { .. } => (ENTRA, Default::default()),
            Join::None => (NO_JOIN, Default::default()),
        };
        let entra = match &a.join {
            Join::EntraId {
                authority,
                tenant,
                token,
                expires,
                package_account,
            } => EntraStash {
                authority: authority.clone(),
                tenant: tenant.clone(),
                token: token.clone(),
                expires: *expires,
                package_account: package_account.clone(),
            },
            _ => EntraStash {
                authority: default_authority(),
                tenant: None,
                token: Secret::ask(),
                expires: None,
                package_account: None,
            },
        };
        let tenant = entra
            .tenant
            .clone()
            .or_else(|| {
                entra
                    .package_account
                    .as_deref()
                    .and_then(|a| a.split_once('@'))
                    .map(|(_, d)| d.to_owned())
            })
            .unwrap_or_default();
        let expiry = iso_date::format(today + time::Duration::days(TOKEN_DAYS));
        let admin = a.local_admin.as_ref();
        let mdm = a.mdm.as_ref();
        let m = |f: fn(&MdmEnrollment) -> &str| mdm.map(f).unwrap_or("").to_owned();
        Self {
            form: Form::new(vec![
                choice(
                    Slot::Join,
                    vec![
                        "Active Directory",
                        "Entra ID (bulk token)",
                        "No directory join",
                    ],
                    join,
                ),
                text(Slot::AdDomain, &ad.0),
                text(Slot::AdAccount, &ad.1),
                secret(Slot::AdPassword, &ad.2),
                text(Slot::AdOu, &ad.3),
                text(Slot::EntraTenant, &tenant),
                text(Slot::EntraExpiry, &expiry),
                button(Slot::GetToken),
                button(Slot::CheckTenant),
                check(Slot::AdminOn, admin.is_some()),
                text(
                    Slot::AdminName,
                    admin.map(|a| a.name.as_str()).unwrap_or(""),
                ),
                secret(
                    Slot::AdminPassword,
                    &secret_text(admin.map(|a| &a.password)),
                ),
                check(Slot::MdmOn, mdm.is_some()),
                text(Slot::MdmUpn, &m(|m| &m.upn)),
                choice(
                    Slot::MdmAuth,
                    vec!["Password", "Certificate"],
                    usize::from(mdm.is_some_and(|m| m.auth == MdmAuth::Certificate)),
                ),
                text(Slot::MdmDiscovery, &m(|m| &m.discovery_url)),
                text(Slot::MdmEnrollmentUrl, &m(|m| &m.enrollment_url)),
                text(Slot::MdmPolicyUrl, &m(|m| &m.policy_url)),
                secret(Slot::MdmSecret, &secret_text(mdm.map(|m| &m.secret))),
            ]),
            entra,
            thumbprint: p.client_thumbprints().into_iter().next(),
            today,
        }
    }

    fn join(&self) -> usize {
        self.form.choice(Slot::Join)
    }

    fn admin_shown(&self) -> bool {
        self.form.checked(Slot::AdminOn)
    }

    /// The tenant and expiry for a token request, or the sentence saying what is wrong.
    pub fn token_ask(&self, today: time::Date) -> Result<TokenAsk, String> {
        let tenant = self.form.text(Slot::EntraTenant).trim().to_owned();
        if tenant.is_empty() {
            return Err(
                "Enter your tenant first, like contoso.onmicrosoft.com (Tenant field).".into(),
            );
        }
        let expires = iso_date::parse(self.form.text(Slot::EntraExpiry))?;
        let days = (expires - today).whole_days();
        if days <= 0 || days >= crate::project::TOKEN_MAX_DAYS {
            return Err(format!(
                "The token must stay valid for 1 to {} days; {} is {days} days away.",
                crate::project::TOKEN_MAX_DAYS - 1,
                iso_date::format(expires)
            ));
        }
        Ok(TokenAsk { tenant, expires })
    }

    /// What "Check tenant" reads: the tenant typed, and the project's token (its expiry
    /// and package account, never the token) once it has one.
    pub fn preflight_ask(
        &self,
        p: &Project,
        project_file: Option<&std::path::Path>,
        today: time::Date,
    ) -> Result<PreflightAsk, String> {
        let tenant = self.form.text(Slot::EntraTenant).trim().to_owned();
        if tenant.is_empty() {
            return Err(
                "Enter your tenant first, like contoso.onmicrosoft.com (Tenant field).".into(),
            );
        }
        let project = ProjectToken::of(p)
            .filter(|t| t.expires.is_some() || t.package_account.is_some())
            .map(|mut t| {
                t.path = project_file.map(std::path::Path::to_path_buf);
                t
            });
        Ok(PreflightAsk {
            tenant,
            project,
            today,
        })
    }

    /// Stores a token received from Entra ID in the page and the project.
    pub fn set_token(
        &mut self,
        p: &mut Project,
        token: Secret,
        expires: time::Date,
        package_account: String,
    ) {
        self.entra.token = token;
        self.entra.expires = Some(expires);
        self.entra.package_account = Some(package_account);
        self.form.set_choice(Slot::Join, ENTRA);
        p.accounts.join = Join::EntraId {
            authority: self.entra.authority.clone(),
            tenant: self.form.opt_text(Slot::EntraTenant),
            token: self.entra.token.clone(),
            expires: self.entra.expires,
            package_account: self.entra.package_account.clone(),
        };
    }
}

impl PageView for AccountsPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let mut rows = vec![Row::Field(Slot::Join)];
        match self.join() {
            AD => rows.extend([
                Row::Field(Slot::AdDomain),
                Row::Field(Slot::AdAccount),
                Row::Field(Slot::AdPassword),
                Row::Field(Slot::AdOu),
            ]),
            ENTRA => {
                rows.extend([
                    Row::Field(Slot::EntraTenant),
                    Row::Field(Slot::EntraExpiry),
                    Row::Field(Slot::GetToken),
                ]);
                let token = &self.entra.token;
                let state = if token.has_value() {
                    ("received".to_string(), Tone::Ok)
                } else if token.source == crate::project::SecretSource::Ask {
                    (
                        "none yet: choose Get bulk token (you sign in on any device \
                         with a browser)"
                            .to_string(),
                        Tone::Warn,
                    )
                } else {
                    (source_note(token).unwrap_or_default(), Tone::Dim)
                };
                rows.push(Row::Pair("Bulk token".into(), state.0, state.1));
                if let Some(e) = self.entra.expires {
                    rows.push(Row::pair("Token expires", iso_date::format(e)));
                }
                if let Some(acc) = &self.entra.package_account {
                    rows.push(Row::pair(
                        "Package account",
                        format!("{acc} (delete it in Entra ID to revoke the token)"),
                    ));
                }
                rows.push(Row::Field(Slot::CheckTenant));
            }
            _ => {}
        }
        rows.push(Row::Blank);
        rows.push(Row::Field(Slot::AdminOn));
        if self.admin_shown() {
            rows.push(Row::Field(Slot::AdminName));
            rows.push(Row::Field(Slot::AdminPassword));
            if let Some(n) = cx
                .project
                .accounts
                .local_admin
                .as_ref()
                .and_then(|a| source_note(&a.password))
            {
                rows.push(Row::dim(n));
            }
        }
        rows.push(Row::Blank);
        rows.push(Row::Field(Slot::MdmOn));
        if self.form.checked(Slot::MdmOn) {
            rows.extend([
                Row::Field(Slot::MdmUpn),
                Row::Field(Slot::MdmAuth),
                Row::Field(Slot::MdmDiscovery),
                Row::Field(Slot::MdmEnrollmentUrl),
                Row::Field(Slot::MdmPolicyUrl),
                Row::Field(Slot::MdmSecret),
            ]);
            if self.form.choice(Slot::MdmAuth) == 1 {
                if let Some(t) = &self.thumbprint {
                    // A note, not a pair: the forty digits fit on one line beside no label.
                    rows.push(Row::Note(
                        format!("Thumbprint of the .pfx: {t}"),
                        Tone::Plain,
                    ));
                }
            }
        }
        rows
    }

    fn apply(&mut self, p: &mut Project) {
        if let Join::EntraId {
            authority,
            tenant,
            token,
            expires,
            package_account,
        } = &p.accounts.join
        {
            self.entra = EntraStash {
                authority: authority.clone(),
                tenant: tenant.clone(),
                token: token.clone(),
                expires: *expires,
                package_account: package_account.clone(),
            };
        }
        let f = &self.form;
        p.accounts.join = match self.join() {
            AD => {
                let old = match &p.accounts.join {
                    Join::ActiveDirectory { password, .. } => Some(password.clone()),
                    _ => None,
                };
                Join::ActiveDirectory {
                    domain: f.text(Slot::AdDomain).trim().to_owned(),
                    account: f.text(Slot::AdAccount).trim().to_owned(),
                    password: merge_secret(old.as_ref(), f.text(Slot::AdPassword)),
                    ou: f.opt_text(Slot::AdOu),
                }
            }
            ENTRA => Join::EntraId {
                authority: self.entra.authority.clone(),
                tenant: f.opt_text(Slot::EntraTenant),
                token: self.entra.token.clone(),
                expires: self.entra.expires,
                package_account: self.entra.package_account.clone(),
            },
            _ => Join::None,
        };
        p.accounts.local_admin = if self.admin_shown() {
            let old = p.accounts.local_admin.as_ref().map(|a| &a.password);
            Some(LocalAdmin {
                name: f.text(Slot::AdminName).trim().to_owned(),
                password: merge_secret(old, f.text(Slot::AdminPassword)),
            })
        } else {
            None
        };
        p.accounts.mdm = if f.checked(Slot::MdmOn) {
            let old = p.accounts.mdm.as_ref().map(|m| &m.secret);
            Some(MdmEnrollment {
                upn: f.text(Slot::MdmUpn).trim().to_owned(),
                auth: if f.choice(Slot::MdmAuth) == 1 {
                    MdmAuth::Certificate
                } else {
                    MdmAuth::OnPremise
                },
                discovery_url: f.text(Slot::MdmDiscovery).trim().to_owned(),
                enrollment_url: f.text(Slot::MdmEnrollmentUrl).trim().to_owned(),
                policy_url: f.text(Slot::MdmPolicyUrl).trim().to_owned(),
                secret: merge_secret(old, f.text(Slot::MdmSecret)),
            })
        } else {
            None
        };
        self.certificates_changed(p);
    }

    fn slot_of(&self, field: Field) -> Option<Slot> {
        Some(match field {
            Field::AdDomain => Slot::AdDomain,
            Field::AdAccount => Slot::AdAccount,
            Field::AdPassword => Slot::AdPassword,
            Field::AdOu => Slot::AdOu,
            Field::EntraAuthority | Field::EntraToken | Field::EntraExpiry => Slot::GetToken,
            Field::LocalAdminName => Slot::AdminName,
            Field::LocalAdminPassword => Slot::AdminPassword,
            Field::MdmUpn => Slot::MdmUpn,
            Field::MdmDiscoveryUrl => Slot::MdmDiscovery,
            Field::MdmEnrollmentUrl => Slot::MdmEnrollmentUrl,
            Field::MdmPolicyUrl => Slot::MdmPolicyUrl,
            Field::MdmSecret => Slot::MdmSecret,
            _ => return None,
        })
    }

    fn local_problems(&self, cx: &Cx) -> Vec<(Slot, Severity, String)> {
        let mut v = Vec::new();
        if self.join() == ENTRA {
            // The date asked for the next token, checked by the same rule as a saved one.
            match iso_date::parse(self.form.text(Slot::EntraExpiry)) {
                Err(e) => v.push((Slot::EntraExpiry, Severity::Error, e)),
                Ok(exp) => {
                    if let Some((sev, msg)) = crate::project::token_expiry_problem(exp, self.today)
                    {
                        v.push((Slot::EntraExpiry, sev, msg));
                    }
                }
            }
            // Without a token, Create could only ask the user to paste one: say so here.
            if let Join::EntraId { token, .. } = &cx.project.accounts.join {
                if !token.has_value() && token.source == crate::project::SecretSource::Ask {
                    v.push((
                        Slot::GetToken,
                        Severity::Warning,
                        "No bulk token yet; without one, Create asks you to paste a token \
                         you got elsewhere."
                            .into(),
                    ));
                }
            }
        }
        // Before the first edit the project has no administrator yet; the shown (empty)
        // name is still wrong and says so at once.
        if self.admin_shown() && cx.project.accounts.local_admin.is_none() {
            for m in crate::project::user_name_problems(self.form.text(Slot::AdminName)) {
                v.push((Slot::AdminName, Severity::Error, m));
            }
        }
        v
    }

    fn activate(&mut self, slot: Slot, _p: &mut Project) -> Effect {
        match slot {
            Slot::GetToken => Effect::GetToken,
            Slot::CheckTenant => Effect::CheckTenant,
            _ => Effect::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Certificate, CertificateKind, KeyLocation, SecretSource};
    use std::path::Path;

    const TODAY: time::Date = time::macros::date!(2026 - 03 - 01);

    fn cx<'a>(p: &'a Project) -> Cx<'a> {
        Cx {
            project: p,
            problems: &[],
            project_file: Path::new("project.json"),
        }
    }

    #[test]
    fn certificate_enrollment_fills_in_the_pfx_thumbprint() {
        let mut p = Project::new("Lab");
        p.certificates.push(Certificate {
            name: "MDM client".into(),
            path: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/client.pfx"),
            kind: CertificateKind::Client {
                password: Secret::typed("FixturePfx1".into(), SecretSource::Clear),
                key_location: KeyLocation::TpmOnly,
                exportable: false,
            },
        });
        p.accounts.mdm = Some(MdmEnrollment {
            upn: "enroll@contoso.com".into(),
            auth: MdmAuth::Certificate,
            discovery_url: "https://mdm.contoso.com/Discovery.svc".into(),
            enrollment_url: String::new(),
            policy_url: String::new(),
            secret: Secret::ask(),
        });
        let mut page = AccountsPage::new(&p, TODAY);
        page.apply(&mut p);
        let m = p.accounts.mdm.as_ref().unwrap();
        assert_eq!(
            m.secret.value().map(|v| v.expose()),
            Some("BAA79C4F63D62419A7535BD10DC0B1D8DAA72FC7")
        );
        assert!(
            p.validate_on(TODAY)
                .iter()
                .all(|pr| pr.field != Field::MdmSecret)
        );
        // A thumbprint the user typed is kept (and checked by the project's rules).
        page.form.set_text(Slot::MdmSecret, &"0".repeat(40));
        page.apply(&mut p);
        assert!(
            p.validate_on(TODAY)
                .iter()
                .any(|pr| pr.field == Field::MdmSecret)
        );
    }

    #[test]
    fn an_empty_admin_name_is_wrong_before_the_first_edit() {
        let p = Project::new("Lab");
        let mut page = AccountsPage::new(&p, TODAY);
        assert_eq!(page.join(), NO_JOIN);
        // No join and no administrator is a legal project (command-only, kiosk): nothing
        // to fix on this page, as `check` says.
        assert!(page.local_problems(&cx(&p)).is_empty());
        page.form.set_checked(Slot::AdminOn, true);
        let v = page.local_problems(&cx(&p));
        assert!(
            v.iter()
                .any(|(s, sev, _)| *s == Slot::AdminName && *sev == Severity::Error),
            "{v:?}"
        );
    }

    #[test]
    fn token_expiry_is_checked_before_a_token_is_fetched() {
        let mut p = Project::new("Lab");
        p.accounts.join = Join::EntraId {
            authority: default_authority(),
            tenant: None,
            token: Secret::ask(),
            expires: None,
            package_account: None,
        };
        let mut page = AccountsPage::new(&p, time::OffsetDateTime::now_utc().date());
        let today = time::OffsetDateTime::now_utc().date();
        // The default date (WCD's month) raises nothing; the missing token is a warning.
        let v = page.local_problems(&cx(&p));
        assert!(v.iter().all(|(s, _, _)| *s != Slot::EntraExpiry), "{v:?}");
        assert!(
            v.iter()
                .any(|(s, sev, _)| *s == Slot::GetToken && *sev == Severity::Warning),
            "{v:?}"
        );
        let far = iso_date::format(today + time::Duration::days(200));
        page.form.set_text(Slot::EntraExpiry, &far);
        let v = page.local_problems(&cx(&p));
        assert!(
            v.iter().any(|(s, sev, m)| *s == Slot::EntraExpiry
                && *sev == Severity::Error
                && m.contains("180")),
            "{v:?}"
        );
        // Before a token exists, no "expiry not recorded" warning.
        assert!(
            p.validate().iter().all(|pr| pr.field != Field::EntraExpiry),
            "{:?}",
            p.validate()
        );
    }
}
