//! The Accounts page ("Account management"): a directory join (Active Directory or Entra ID
//! with a bulk token), a local administrator, on-premises MDM enrollment.

use super::{FieldSpec, In, Out, Writes, branch, found_secret, leaf};
use crate::project::{Field, Page, Project, Secret};
use serde::{Deserialize, Serialize};

/// "Account management".
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Accounts {
    pub join: Join,
    /// A local administrator, alone or beside a join.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_admin: Option<LocalAdmin>,
    /// On-premises MDM bulk enrollment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mdm: Option<MdmEnrollment>,
}

/// How the device joins a directory — one choice, as in WCD.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Join {
    /// No directory: local accounts only.
    #[default]
    None,
    /// "Enroll into Active Directory".
    ActiveDirectory {
        domain: String,
        /// `DOMAIN\account`, a least-privileged join account.
        account: String,
        password: Secret,
        /// Distinguished name of the OU for the computer object.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ou: Option<String>,
    },
    /// "Enroll into Azure AD" (Entra ID) with a bulk token.
    EntraId {
        #[serde(default = "default_authority")]
        authority: String,
        /// The tenant a bulk token is asked of (`contoso.onmicrosoft.com`), kept so the
        /// next "Get bulk token" does not ask again.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tenant: Option<String>,
        token: Secret,
        /// When the token stops working (kept so the user sees when to renew).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::project::iso_date"
        )]
        expires: Option<time::Date>,
        /// `package_<id>@domain`: delete this user in Entra ID to revoke the token.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        package_account: Option<String>,
    },
}

/// The Authority WCD writes for bulk Entra join.
pub fn default_authority() -> String {
    "https://login.microsoftonline.com/common".into()
}

/// A local administrator account created on every device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalAdmin {
    pub name: String,
    pub password: Secret,
}

/// How the MDM enrollment authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MdmAuth {
    /// `OnPremise`: user name and password (the secret).
    #[default]
    OnPremise,
    /// `Certificate`: a client certificate; the secret is its thumbprint.
    Certificate,
}

/// On-premises MDM bulk enrollment (Workplace/Enrollments).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MdmEnrollment {
    /// Service account allowed to enroll many devices.
    pub upn: String,
    #[serde(default)]
    pub auth: MdmAuth,
    /// `https://…/EnrollmentServer/Discovery.svc`.
    pub discovery_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub enrollment_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub policy_url: String,
    pub secret: Secret,
}

impl MdmAuth {
    /// The `AuthPolicy` text WCD writes.
    fn wcd(self) -> &'static str {
        match self {
            MdmAuth::OnPremise => "OnPremise",
            MdmAuth::Certificate => "Certificate",
        }
    }
}

/// The group a local administrator is put in.
const ADMINISTRATORS: &str = "Administrators";

pub const DOMAIN_NAME: &str = "Accounts/ComputerAccount/DomainName";
pub const JOIN_ACCOUNT: &str = "Accounts/ComputerAccount/Account";
pub const JOIN_PASSWORD: &str = "Accounts/ComputerAccount/Password";
pub const ACCOUNT_OU: &str = "Accounts/ComputerAccount/AccountOU";
pub const AUTHORITY: &str = "Accounts/Azure/Authority";
pub const BPRT: &str = "Accounts/Azure/BPRT";
/// A local account, keyed by its user name.
pub const USER: &str = "Accounts/Users/User";
pub const USER_PASSWORD: &str = "Accounts/Users/User/Password";
pub const USER_GROUP: &str = "Accounts/Users/User/UserGroup";
/// An MDM enrollment, keyed by its account.
pub const UPN: &str = "Workplace/Enrollments/UPN";
pub const AUTH_POLICY: &str = "Workplace/Enrollments/UPN/AuthPolicy";
pub const DISCOVERY_URL: &str = "Workplace/Enrollments/UPN/DiscoveryServiceFullUrl";
pub const ENROLLMENT_URL: &str = "Workplace/Enrollments/UPN/EnrollmentServiceFullUrl";
pub const POLICY_URL: &str = "Workplace/Enrollments/UPN/PolicyServiceFullUrl";
pub const MDM_SECRET: &str = "Workplace/Enrollments/UPN/Secret";

/// Every path this section names.
pub const PATHS: [&str; 15] = [
    DOMAIN_NAME,
    JOIN_ACCOUNT,
    JOIN_PASSWORD,
    ACCOUNT_OU,
    AUTHORITY,
    BPRT,
    USER,
    USER_PASSWORD,
    USER_GROUP,
    UPN,
    AUTH_POLICY,
    DISCOVERY_URL,
    ENROLLMENT_URL,
    POLICY_URL,
    MDM_SECRET,
];

pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::Join,
        page: Page::Accounts,
        label: "How devices join",
        prompt: "How devices join",
        example: "",
        help: "How the new PCs join your organisation:\n\nActive Directory: joins an on-premises Windows domain (needs a join account).\nEntra ID (bulk token): joins Microsoft Entra ID (Azure AD) with a token you get by signing in once.\nNo directory join: the PCs stay in a workgroup; tick \"Also create a local administrator\" below to give them one.\n\nSpace or the arrow keys change the choice.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::AdDomain,
        page: Page::Accounts,
        label: "Domain name",
        prompt: "Domain name",
        example: "e.g. contoso.local",
        help: "The DNS name of your Active Directory domain.\n\nExample: contoso.local\n\nOn the device: the PC joins this domain during setup; it must be able to reach a domain controller (wired or Wi-Fi).",
        writes: Writes::Settings(&[DOMAIN_NAME]),
    },
    FieldSpec {
        field: Field::AdAccount,
        page: Page::Accounts,
        label: "Domain join account",
        prompt: "Join account",
        example: "e.g. CONTOSO\\svc-join",
        help: "A domain account allowed to join computers to the domain, written DOMAIN\\account or as user@domain (Windows' domain join takes both). Use a dedicated account with only that right.\n\nExamples: CONTOSO\\svc-join, svc-join@contoso.local\n\nOn the device: used once to create the computer account.",
        writes: Writes::Settings(&[JOIN_ACCOUNT]),
    },
    FieldSpec {
        field: Field::AdPassword,
        page: Page::Accounts,
        label: "Domain join password",
        prompt: "Join password",
        example: "the join account's password",
        help: "The password of the join account. Hidden as you type.\n\nWhen you save, you choose where it is kept; it is not written into the project file unless you insist.",
        writes: Writes::Settings(&[JOIN_PASSWORD]),
    },
    FieldSpec {
        field: Field::AdOu,
        page: Page::Accounts,
        label: "Organizational unit",
        prompt: "OU (optional)",
        example: "e.g. OU=Lab,DC=contoso,DC=local",
        help: "Optional. The organizational unit where the computer accounts are created, as a distinguished name. Empty uses the domain's default Computers container.\n\nExample: OU=Lab,DC=contoso,DC=local",
        writes: Writes::Settings(&[ACCOUNT_OU]),
    },
    FieldSpec {
        field: Field::EntraAuthority,
        page: Page::Accounts,
        label: "Entra authority",
        prompt: "",
        example: "",
        help: "The sign-in address devices use to join Entra ID with the bulk token. WCD writes https://login.microsoftonline.com/common; change it only for a national cloud.",
        writes: Writes::Settings(&[AUTHORITY]),
    },
    FieldSpec {
        field: Field::EntraTenant,
        page: Page::Accounts,
        label: "Entra tenant",
        prompt: "Tenant",
        example: "e.g. contoso.onmicrosoft.com",
        help: "Your Microsoft Entra ID tenant: its domain or its ID. Needed to get a bulk token.\n\nExample: contoso.onmicrosoft.com",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::EntraToken,
        page: Page::Accounts,
        label: "Bulk token",
        prompt: "",
        example: "",
        help: "The bulk token devices join Entra ID with. Get it with \"Get bulk token\"; it is never shown, and you choose where it is kept when you save.",
        writes: Writes::Settings(&[BPRT]),
    },
    FieldSpec {
        field: Field::EntraExpiry,
        page: Page::Accounts,
        label: "Bulk token expiry",
        prompt: "Token valid until",
        example: "e.g. 2027-03-01",
        help: "The last day the new bulk token works, as YEAR-MONTH-DAY. Less than 180 days away. Devices set up after that date cannot join; get a new token then.\n\nExample: 2027-03-01",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::LocalAdminName,
        page: Page::Accounts,
        label: "Local administrator name",
        prompt: "Admin user name",
        example: "e.g. LabAdmin",
        help: "The user name of the local administrator: at most 20 characters, no \" / \\ [ ] : | < > + = ; ? * , @.\n\nExample: LabAdmin\n\nOn the device: the account is created in the Administrators group. Windows asks to change its password after 42 days.",
        writes: Writes::Settings(&[USER, USER_GROUP]),
    },
    FieldSpec {
        field: Field::LocalAdminPassword,
        page: Page::Accounts,
        label: "Local administrator password",
        prompt: "Admin password",
        example: "the administrator's password",
        help: "The local administrator's password. Hidden as you type.\n\nWhen you save, you choose where it is kept; it is not written into the project file unless you insist.",
        writes: Writes::Settings(&[USER_PASSWORD]),
    },
    FieldSpec {
        field: Field::MdmUpn,
        page: Page::Accounts,
        label: "MDM enrollment account (UPN)",
        prompt: "Enrollment account",
        example: "e.g. enroll@contoso.com",
        help: "The service account allowed to enroll many devices, as a user principal name.\n\nExample: enroll@contoso.com",
        writes: Writes::Settings(&[UPN]),
    },
    FieldSpec {
        field: Field::MdmAuth,
        page: Page::Accounts,
        label: "MDM sign-in method",
        prompt: "Sign-in method",
        example: "",
        help: "How the enrollment account proves who it is: a password, or a client certificate (add the .pfx on the Certificates page and give its thumbprint as the secret).",
        writes: Writes::Settings(&[AUTH_POLICY]),
    },
    FieldSpec {
        field: Field::MdmDiscoveryUrl,
        page: Page::Accounts,
        label: "MDM discovery URL",
        prompt: "Discovery URL",
        example: "e.g. https://mdm.contoso.com/EnrollmentServer/Discovery.svc",
        help: "The address of the MDM server's discovery service. Must start with https://.\n\nExample: https://mdm.contoso.com/EnrollmentServer/Discovery.svc",
        writes: Writes::Settings(&[DISCOVERY_URL]),
    },
    FieldSpec {
        field: Field::MdmEnrollmentUrl,
        page: Page::Accounts,
        label: "MDM enrollment URL",
        prompt: "Enrollment URL",
        example: "usually empty",
        help: "Usually left empty: the discovery service tells devices where to enroll. Fill it only if your MDM's documentation says so (https://...).",
        writes: Writes::Settings(&[ENROLLMENT_URL]),
    },
    FieldSpec {
        field: Field::MdmPolicyUrl,
        page: Page::Accounts,
        label: "MDM policy URL",
        prompt: "Policy URL",
        example: "usually empty",
        help: "Usually left empty: the discovery service tells devices where the policies are. Fill it only if your MDM's documentation says so (https://...).",
        writes: Writes::Settings(&[POLICY_URL]),
    },
    FieldSpec {
        field: Field::MdmSecret,
        page: Page::Accounts,
        label: "MDM enrollment secret",
        prompt: "Password/thumbprint",
        example: "password, or certificate thumbprint",
        help: "The enrollment account's password, or with certificate sign-in the certificate's thumbprint. Hidden as you type; you choose where it is kept when you save.",
        writes: Writes::Settings(&[MDM_SECRET]),
    },
];

/// Project → settings: the join, the local administrator, the MDM enrollment.
pub(crate) fn write(p: &Project, out: &mut Out) {
    match &p.accounts.join {
        Join::None => {}
        Join::ActiveDirectory {
            domain,
            account,
            password,
            ou,
        } => {
            out.set(JOIN_ACCOUNT, account);
            if let Some(ou) = ou.as_deref().filter(|o| !o.is_empty()) {
                out.set(ACCOUNT_OU, ou);
            }
            out.set(DOMAIN_NAME, domain);
            let pw = out.secret(password, &Field::AdPassword.to_string());
            out.set(JOIN_PASSWORD, &pw);
        }
        Join::EntraId {
            authority, token, ..
        } => {
            out.set(AUTHORITY, authority);
            let t = out.secret(token, &Field::EntraToken.to_string());
            out.set(BPRT, &t);
        }
    }
    if let Some(a) = &p.accounts.local_admin {
        let pw = out.secret(&a.password, &Field::LocalAdminPassword.to_string());
        let user = branch(
            USER,
            vec![leaf(USER_PASSWORD, pw), leaf(USER_GROUP, ADMINISTRATORS)],
        )
        .with_attr("UserName", &a.name)
        .with_attr("Name", &a.name);
        out.push(USER, user);
    }
    if let Some(m) = &p.accounts.mdm {
        let secret = out.secret(&m.secret, &Field::MdmSecret.to_string());
        let mut kids = vec![leaf(AUTH_POLICY, m.auth.wcd())];
        // Empty text is left out, as WCD does for a field left blank.
        for (path, url) in [
            (DISCOVERY_URL, &m.discovery_url),
            (ENROLLMENT_URL, &m.enrollment_url),
            (POLICY_URL, &m.policy_url),
        ] {
            if !url.is_empty() {
                kids.push(leaf(path, url));
            }
        }
        kids.push(leaf(MDM_SECRET, secret));
        let upn = branch(UPN, kids)
            .with_attr("UPN", &m.upn)
            .with_attr("Name", &m.upn);
        out.push(UPN, upn);
    }
}

/// Settings → project. A part is taken into the wizard's fields only when the project
/// writes back exactly what the XML holds (every leaf it writes present, secrets not
/// empty); otherwise its settings stay advanced settings, compiled as they are.
pub(crate) fn read(p: &mut Project, r: &mut In<'_>) {
    read_join(p, r);
    read_users(p, r);
    read_mdm(p, r);
}

/// Active Directory when a domain is named, else Entra ID with a bulk token.
fn read_join(p: &mut Project, r: &mut In<'_>) {
    let l = &mut r.leaves;
    if l.all_filled(&[DOMAIN_NAME, JOIN_ACCOUNT, JOIN_PASSWORD], None) {
        let domain = l.take(DOMAIN_NAME, None).unwrap_or_default();
        let account = l.take(JOIN_ACCOUNT, None).unwrap_or_default();
        let ou = l.take(ACCOUNT_OU, None).filter(|o| !o.is_empty());
        let pw = l.take(JOIN_PASSWORD, None).unwrap_or_default();
        p.accounts.join = Join::ActiveDirectory {
            domain,
            account,
            password: found_secret(pw),
            ou,
        };
    } else if l.all_filled(&[AUTHORITY, BPRT], None) {
        let authority = l.take(AUTHORITY, None).unwrap_or_else(default_authority);
        let token = l.take(BPRT, None).unwrap_or_default();
        p.accounts.join = Join::EntraId {
            authority,
            tenant: None,
            token: found_secret(token),
            expires: None,
            package_account: None,
        };
    }
}

/// The first administrator with only a password becomes the local admin; other users
/// stay advanced.
fn read_users(p: &mut Project, r: &mut In<'_>) {
    let l = &mut r.leaves;
    for entry in l.entries(USER) {
        let group = l.take(USER_GROUP, Some(&entry));
        let is_admin = group.as_deref() == Some(ADMINISTRATORS);
        let name = entry.key().unwrap_or_default().to_owned();
        let only_password = l.only_free_named(&entry, super::name_of(USER_PASSWORD));
        let has_password = l.all_filled(&[USER_PASSWORD], Some(&entry));
        if is_admin
            && only_password
            && has_password
            && p.accounts.local_admin.is_none()
            && !name.is_empty()
        {
            let pw = l.take(USER_PASSWORD, Some(&entry)).unwrap_or_default();
            p.accounts.local_admin = Some(LocalAdmin {
                name,
                password: found_secret(pw),
            });
        } else {
            l.untake_all(&entry);
        }
    }
}

/// The first on-premises MDM enrollment with its policy and secret.
fn read_mdm(p: &mut Project, r: &mut In<'_>) {
    let l = &mut r.leaves;
    let entries = l.entries(UPN);
    let Some(entry) = entries
        .first()
        .filter(|e| l.all_present(&[AUTH_POLICY], Some(e)) && l.all_filled(&[MDM_SECRET], Some(e)))
    else {
        return;
    };
    let upn = entry.key().unwrap_or_default().to_owned();
    let auth = match l.take(AUTH_POLICY, Some(entry)).as_deref() {
        Some(t) if t == MdmAuth::Certificate.wcd() => MdmAuth::Certificate,
        _ => MdmAuth::OnPremise,
    };
    let discovery_url = l.take(DISCOVERY_URL, Some(entry)).unwrap_or_default();
    let enrollment_url = l.take(ENROLLMENT_URL, Some(entry)).unwrap_or_default();
    let policy_url = l.take(POLICY_URL, Some(entry)).unwrap_or_default();
    let secret = l.take(MDM_SECRET, Some(entry)).unwrap_or_default();
    p.accounts.mdm = Some(MdmEnrollment {
        upn,
        auth,
        discovery_url,
        enrollment_url,
        policy_url,
        secret: found_secret(secret),
    });
}

/// The section's secrets with their labels (saving asks where each is kept).
pub(crate) fn secrets<'a>(a: &'a mut Accounts, out: &mut Vec<(String, &'a mut Secret)>) {
    match &mut a.join {
        Join::ActiveDirectory { password, .. } => {
            out.push((Field::AdPassword.to_string(), password))
        }
        Join::EntraId { token, .. } => out.push((Field::EntraToken.to_string(), token)),
        Join::None => {}
    }
    if let Some(admin) = a.local_admin.as_mut() {
        out.push((Field::LocalAdminPassword.to_string(), &mut admin.password));
    }
    if let Some(m) = a.mdm.as_mut() {
        out.push((Field::MdmSecret.to_string(), &mut m.secret));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::round_trip;
    use super::*;
    use crate::project::SecretSource;
    use crate::secret::SecretString;

    fn clear(v: &str) -> Secret {
        Secret::typed(SecretString::new(v.to_owned()), SecretSource::Clear)
    }

    #[test]
    fn accounts_round_trip() {
        let joins = [
            Join::ActiveDirectory {
                domain: "contoso.local".into(),
                account: "CONTOSO\\svc-join".into(),
                password: clear("join-pw"),
                ou: Some("OU=Lab,DC=contoso,DC=local".into()),
            },
            Join::EntraId {
                authority: default_authority(),
                tenant: None,
                token: clear("eyJ0eXAi.token"),
                expires: None,
                package_account: None,
            },
        ];
        for (join, auth) in joins
            .into_iter()
            .zip([MdmAuth::OnPremise, MdmAuth::Certificate])
        {
            let mut p = Project::new("Accounts");
            p.accounts = Accounts {
                join,
                local_admin: Some(LocalAdmin {
                    name: "LabAdmin".into(),
                    password: clear("admin-pw"),
                }),
                mdm: Some(MdmEnrollment {
                    upn: "enroll@contoso.com".into(),
                    auth,
                    discovery_url: "https://mdm.contoso.com/EnrollmentServer/Discovery.svc".into(),
                    enrollment_url: String::new(),
                    policy_url: "https://mdm.contoso.com/policy".into(),
                    secret: clear("mdm-secret"),
                }),
            };
            let (back, left) = round_trip(&p);
            assert!(left.is_empty(), "{left:?}");
            assert_eq!(back.accounts, p.accounts);
        }
    }

    #[test]
    fn a_user_who_is_not_an_administrator_stays_advanced() {
        let mut p = Project::new("Users");
        p.accounts.local_admin = Some(LocalAdmin {
            name: "Kiosk".into(),
            password: clear("pw"),
        });
        let mut doc = p
            .to_customizations(crate::project::SecretMode::Values)
            .unwrap();
        let user = doc.common_mut().children[0].children[0].children[0]
            .children
            .iter_mut()
            .find(|c| c.name == super::super::name_of(USER_GROUP))
            .unwrap();
        user.text = Some("Standard Users".into());
        let common = doc.common().unwrap();
        let mut assets = super::super::test_support::ByName(".".into());
        let mut r = In {
            leaves: super::super::leaves::Leaves::of(common),
            common,
            assets: &mut assets,
        };
        let mut back = Project::new("x");
        read(&mut back, &mut r);
        assert_eq!(back.accounts.local_admin, None);
        assert!(r.leaves.all.iter().all(|l| !l.taken));
    }
}
