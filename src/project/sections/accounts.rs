//! The Accounts page ("Account management"): a directory join (Active Directory or Entra ID
//! with a bulk token), a local administrator, on-premises MDM enrollment.

use super::{FieldSpec, Writes};
use crate::project::{Field, Page};

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
        help: "How the new PCs join your organisation:\n\nActive Directory: joins an on-premises Windows domain (needs a join account).\nEntra ID (bulk token): joins Microsoft Entra ID (Azure AD) with a token you get by signing in once.\nLocal administrator only: no directory, just a local account.\n\nSpace or the arrow keys change the choice.",
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
        help: "A domain account allowed to join computers to the domain, written DOMAIN\\account. Use a dedicated account with only that right.\n\nExample: CONTOSO\\svc-join\n\nOn the device: used once to create the computer account.",
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
