//! Rules that hold for any package, whether it comes from a project or from WCD: the
//! project's validation and `inspect` both ask these, so they cannot disagree.

/// What a package does about signing in, gathered setting by setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignIn {
    /// `OOBE/Desktop/HideOobe` is true: setup asks no questions and creates no account.
    pub hides_setup: bool,
    /// A local account is created (`Accounts/Users/User`).
    pub local_account: bool,
    /// The device joins an Active Directory domain.
    pub domain_join: bool,
    /// The device joins Entra ID with a bulk token.
    pub entra_join: bool,
}

impl SignIn {
    /// Takes note of one setting (schema path and its customizations.xml or provxml text).
    pub fn observe(&mut self, schema_path: &str, value: &str) {
        use super::sections::{accounts, device};
        match schema_path {
            device::HIDE_OOBE => {
                self.hides_setup = value.eq_ignore_ascii_case("true") || value == "1";
            }
            accounts::DOMAIN_NAME => self.domain_join |= !value.is_empty(),
            accounts::BPRT => self.entra_join = true,
            p if p.starts_with(accounts::USER) => self.local_account = true,
            _ => {}
        }
    }

    /// True when setup is hidden and nothing gives anyone a way to sign in: no local
    /// account, no domain, no Entra ID. Applied during first-run setup, such a package
    /// leaves a PC no one can sign in to; applied to a PC already in use it does no harm,
    /// and WCD builds it (a real WCD 2025 package does exactly this), so it is a warning
    /// in strong words rather than an error.
    pub fn locked_out(&self) -> bool {
        self.hides_setup && !self.local_account && !self.domain_join && !self.entra_join
    }
}

/// The sentence for [`SignIn::locked_out`].
pub const LOCKED_OUT: &str = "The setup screens are hidden but the package creates no local account and joins neither a domain nor Entra ID: applied during first-run setup, it leaves a PC no one can sign in to. Add a local administrator or a join, or show the setup screens, unless the package is only for PCs already in use.";

/// The settings category that installs apps (Store apps, their dependencies and
/// licences, Store installs).
pub const APP_INSTALL_CATEGORY: &str = "UniversalAppInstall";

/// Whether the setting at `schema_path` installs an app or its licence.
pub fn installs_apps(schema_path: &str) -> bool {
    schema_path
        .trim_start_matches('/')
        .strip_prefix(APP_INSTALL_CATEGORY)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The warning on every package that installs apps: no WCD-built package with an app
/// was available to compare with, so the compiled form is inferred (see
/// `package::compile::apps`).
pub const APP_INSTALL_UNVERIFIED: &str = "The package installs apps (Universal app install). WCD's own output for app installs has not been compared with this one: the package follows Microsoft's documented EnterpriseModernAppManagement format (HostedInstall, AddLicense, StoreInstall). Apply it to one PC and check that the apps install before using it on a fleet.";

#[cfg(test)]
mod tests {
    use super::super::sections::{accounts, device};
    use super::*;

    #[test]
    fn hidden_setup_needs_some_way_to_sign_in() {
        let mut s = SignIn::default();
        s.observe(device::HIDE_OOBE, "True");
        assert!(s.locked_out());
        for (path, value) in [
            (accounts::USER_PASSWORD, "x"),
            (accounts::DOMAIN_NAME, "contoso.local"),
            (accounts::BPRT, "token"),
        ] {
            let mut t = s;
            t.observe(path, value);
            assert!(!t.locked_out(), "{path}");
        }
        let mut shown = SignIn::default();
        shown.observe(device::HIDE_OOBE, "false");
        assert!(!shown.locked_out());
    }

    #[test]
    fn app_installs_are_told_by_their_category() {
        assert!(installs_apps(
            "UniversalAppInstall/DeviceContextApp/Application/ApplicationFile"
        ));
        assert!(installs_apps(
            "/UniversalAppInstall/StoreInstall/Application/ProductID"
        ));
        assert!(!installs_apps("UniversalAppUninstall/RemoveProvisionedApp"));
        assert!(!installs_apps(
            "ProvisioningCommands/PrimaryContext/Command"
        ));
    }
}
