//! `token --project P`: recording a fetched bulk token in a project, as a file reference
//! with its expiry and package account, so the user can see when to renew it and which
//! account revokes it.

use super::{Join, Secret, default_authority, load, save};
use crate::fsutil::{Overwrite, relative_path};
use crate::token::cli::{ProjectStore, StoredToken};
use std::path::Path;

/// The project model's side of `ppkg-wizard token --project`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProjectTokenStore;

impl ProjectStore for ProjectTokenStore {
    fn check(&self, project: &Path) -> Result<(), String> {
        load(project).map(|_| ()).map_err(|e| format!("{e}."))
    }

    fn store_in_project(&self, project: &Path, stored: &StoredToken<'_>) -> Result<(), String> {
        let mut p = load(project).map_err(|e| e.to_string())?;
        let (authority, tenant) = match &p.accounts.join {
            Join::EntraId {
                authority, tenant, ..
            } => (authority.clone(), tenant.clone()),
            _ => (default_authority(), None),
        };
        p.accounts.join = Join::EntraId {
            authority,
            tenant: tenant.or_else(|| Some(stored.tenant_id.to_owned())),
            token: Secret::file(relative_path(stored.token_file, &p.base_dir)),
            expires: Some(stored.expires),
            package_account: Some(stored.package_account.to_owned()),
        };
        save(&p, project, Overwrite::Replace)
            .map(|_| ())
            .map_err(|e| {
                format!(
                    "cannot save the project {}: {}",
                    project.display(),
                    crate::errors::io_reason(&e)
                )
            })
    }
}
