//! Customizations → the exact file tree WCD writes inside a `.ppkg`.
//!
//! The walk visits `<Common>` in settings-store order, looks every element up in the
//! [`crate::catalog`], and turns each setting into parms of its settings group. Anything
//! the catalog cannot map is an error naming the setting: nothing is silently dropped.

mod apps;
mod dataasset;
mod groups;
mod inline_xml;
mod order;
pub mod provxml;
mod store;
mod version;
mod wlan;

pub use apps::{
    Part as AppPart, extension_problem as app_extension_problem, family_name_problem,
    part_of as app_part,
};
pub use dataasset::{AssetFile, hash_name, open_regular, source_file_name};
pub use groups::file_stem;
pub use inline_xml::compact as compact_inline_xml;
pub use version::{BadVersion, Behaviour, Family, FileNaming, Resolved, WcdVersion};
pub use wlan::profile_xml;

use crate::catalog::{self, AssetForm, Kind, Setting};
use crate::package::BuildError;
use crate::settings::{Customizations, Node, write_answer_file, write_customizations};
use base64::Engine;
use dataasset::{AssetProblem, DataAssets};
use groups::Group;
use provxml::{Characteristic, Parm};
use sha1::{Digest, Sha1};
use std::collections::HashMap;
use std::path::PathBuf;

/// Maps the asset path text of customizations.xml (e.g. `C:\src\setup.exe`) to a local
/// file; `None` when it cannot be found.
pub type AssetResolver<'a> = dyn Fn(&str) -> Option<PathBuf> + 'a;

/// Largest certificate or `.pfx` put inline into a provxml.
pub const MAX_INLINE_ASSET: u64 = 1 << 20;

/// Choices that change the compiled bytes.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    /// The WCD version whose output to reproduce (default: the newest Store WCD).
    pub version: WcdVersion,
    /// The project's target editions as WCD writes them in the NOTES (`Desktop`,
    /// `WindowsCommon,Desktop`); `None` = what the version writes for a desktop project.
    pub target_skus: Option<String>,
    /// Set from another thread to stop the hashing pass over the assets early (the
    /// wizard's Esc, Ctrl+C); the compile then fails and the caller reports the cancel.
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl CompileOptions {
    /// Options compiling as `version`, everything else default.
    pub fn for_version(version: &WcdVersion) -> Self {
        CompileOptions {
            version: version.clone(),
            ..Default::default()
        }
    }

    /// The `TargetSkus` in effect.
    pub fn target_skus(&self) -> &str {
        self.target_skus
            .as_deref()
            .unwrap_or(self.version.behaviour().default_target_skus)
    }

    /// Whether the project targets the Common store as well as an edition's: WCD then
    /// writes the Common store's categories first (catalog §2.7).
    pub fn targets_common(&self) -> bool {
        self.target_skus()
            .split(',')
            .any(|s| s.trim().eq_ignore_ascii_case("WindowsCommon"))
    }
}

/// What a file of the image holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Generated in memory (the XML files).
    Bytes(Vec<u8>),
    /// A file on disk, streamed at build time and checked against this size and hash.
    Asset(AssetFile),
}

impl Content {
    /// Size in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Content::Bytes(b) => b.len() as u64,
            Content::Asset(a) => a.size,
        }
    }

    /// True when the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One file of the image: its path (`/`-separated, no leading slash) and content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeFile {
    pub path: String,
    pub content: Content,
}

/// The compiled image, files in the order they should be written.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub package_id: uuid::Uuid,
    pub files: Vec<TreeFile>,
    /// Settings left out because the store hides them (see [`crate::catalog::visibility`]).
    pub hidden: Vec<crate::catalog::visibility::Hidden>,
}

impl Compiled {
    /// The file at `path`, if present.
    pub fn file(&self, path: &str) -> Option<&TreeFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// A file on disk the package carries, found and sized but not read yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedAsset {
    pub source: PathBuf,
    pub size: u64,
}

/// A compiled image whose packed files are not read yet. Their SHA-256 names them (the
/// `DataAsset/<n>/<k>_<hash>` folders, DataAsset.xml, the provxml parms that point at
/// them), so the files that name them are made by [`Plan::finish`] once the hashes are
/// known: the builder hashes each asset while it packs it, reading it once.
#[derive(Debug)]
pub struct Plan {
    pub package_id: uuid::Uuid,
    /// The files to pack, in the order [`Plan::finish`] lists them (after the rest).
    pub assets: Vec<PlannedAsset>,
    groups: Vec<Group>,
    data: DataAssets,
    /// Where each asset's name goes, one per asset.
    names: Vec<AssetName>,
    behaviour: Behaviour,
    customizations: String,
    answer_file: String,
    /// Settings left out because the store hides them.
    pub hidden: Vec<crate::catalog::visibility::Hidden>,
    /// Risks the package carries that do not stop the build, one sentence each.
    pub warnings: Vec<String>,
    /// App entries whose HostedInstall payload names packed files.
    hosted: Vec<apps::HostedApp>,
}

/// The places naming one packed file.
#[derive(Debug)]
struct AssetName {
    /// The setting, for messages.
    setting: String,
    file_name: String,
    reserved: dataasset::Reserved,
    /// The parm of `Provisioning/Assets` naming it: group and parm index.
    group: usize,
    parm: usize,
}

/// Compiles `doc`, reading every asset to hash it; every missing asset is reported
/// together in one [`BuildError::AssetsNotFound`]. The builder uses [`plan`] instead and
/// hashes the assets while it packs them.
pub fn compile(
    doc: &Customizations,
    assets: &AssetResolver<'_>,
    opts: CompileOptions,
) -> Result<Compiled, BuildError> {
    let cancel = opts.cancel.clone();
    let plan = plan(doc, assets, opts)?;
    let mut hashes = Vec::with_capacity(plan.assets.len());
    for (a, n) in plan.assets.iter().zip(&plan.names) {
        let measured = dataasset::measure(&a.source, cancel.as_deref())
            .map_err(|p| asset_error(&n.setting, &a.source, p))?;
        if measured.size != a.size {
            return Err(BuildError::AssetChanged {
                path: a.source.clone(),
                why: format!("its size went from {} to {} bytes", a.size, measured.size),
            });
        }
        hashes.push(measured.sha256);
    }
    Ok(plan.finish(&hashes))
}

/// Compiles `doc` except for the packed files' names: finds and sizes the assets without
/// reading them (inline ones, certificates and XML of at most [`MAX_INLINE_ASSET`], are
/// read). Every missing asset is reported together in one [`BuildError::AssetsNotFound`].
pub fn plan(
    doc: &Customizations,
    assets: &AssetResolver<'_>,
    opts: CompileOptions,
) -> Result<Plan, BuildError> {
    let package_id = doc
        .package
        .uuid()
        .ok_or_else(|| BuildError::BadPackageId(doc.package.id.clone()))?;
    let mut walk = Walk {
        assets,
        package_id,
        groups: Vec::new(),
        by_instance: HashMap::new(),
        data: DataAssets::default(),
        packed: Vec::new(),
        names: Vec::new(),
        missing: Vec::new(),
        common_first: opts.targets_common(),
        naming: opts.version.behaviour().naming,
        hosted: Vec::new(),
        stores: Vec::new(),
        installs_apps: false,
    };
    let mut hidden = Vec::new();
    for top in &doc.settings {
        if top.name != "Customizations" {
            return Err(unmappable(
                &top.name,
                "only <Customizations> is expected inside <Settings>",
            ));
        }
        for part in &top.children {
            match part.name.as_str() {
                "Common" => {
                    let shown = crate::catalog::visibility::without_hidden(part);
                    let common = match shown {
                        Some((pruned, left_out)) => {
                            hidden.extend(left_out);
                            std::borrow::Cow::Owned(pruned)
                        }
                        None => std::borrow::Cow::Borrowed(part),
                    };
                    walk.node(&common, &mut Vec::new(), &mut Vec::new(), &mut Vec::new())?
                }
                other => {
                    return Err(unmappable(
                        other,
                        "multivariant settings (targets and variants) are not supported",
                    ));
                }
            }
        }
    }
    if !walk.missing.is_empty() {
        return Err(BuildError::AssetsNotFound(walk.missing));
    }
    let mut hosted = Vec::with_capacity(walk.hosted.len());
    for (_, app) in walk.hosted {
        if let Some(why) = app.incomplete() {
            return Err(unmappable(&app.readable, &why));
        }
        hosted.push(app);
    }
    for (_, store) in walk.stores {
        let Some((g, p)) = store.parm else {
            return Err(unmappable(
                &store.readable,
                "the Store install has no ProductID (the app's Store product id)",
            ));
        };
        walk.groups[g].parms[p].value = store.payload();
    }
    let warnings = if walk.installs_apps {
        vec![crate::project::rules::APP_INSTALL_UNVERIFIED.to_owned()]
    } else {
        Vec::new()
    };
    Ok(Plan {
        package_id,
        assets: walk.packed,
        groups: walk.groups,
        data: walk.data,
        names: walk.names,
        behaviour: opts.version.behaviour(),
        customizations: write_customizations(doc),
        answer_file: write_answer_file(doc),
        hidden,
        warnings,
        hosted,
    })
}

impl Plan {
    /// The compiled image, given the SHA-256 of each of [`Plan::assets`] in order: the
    /// generated files first, then the assets in that order.
    ///
    /// # Panics
    /// When `sha256` does not hold one hash per asset.
    pub fn finish(self, sha256: &[[u8; 32]]) -> Compiled {
        assert_eq!(sha256.len(), self.assets.len(), "one hash per asset");
        let Plan {
            package_id,
            assets,
            mut groups,
            mut data,
            names,
            behaviour,
            customizations,
            answer_file,
            hidden,
            warnings: _,
            hosted,
        } = self;
        let mut packed = Vec::with_capacity(assets.len());
        let mut packed_names = Vec::with_capacity(assets.len());
        for ((a, n), sha) in assets.into_iter().zip(&names).zip(sha256) {
            let dir = data.name(&n.reserved, &n.file_name, sha);
            let name = format!("{dir}\\{}", n.file_name);
            groups[n.group].parms[n.parm].name = name.clone();
            packed_names.push(name);
            packed.push(TreeFile {
                path: format!("DataAsset/{}/{dir}/{}", n.reserved.element, n.file_name),
                content: Content::Asset(AssetFile {
                    source: a.source,
                    size: a.size,
                    sha256: *sha,
                }),
            });
        }
        for app in &hosted {
            if let Some((g, p)) = app.parm {
                groups[g].parms[p].value = app.payload(&packed_names);
            }
        }
        let mut compiled = tree(
            package_id,
            groups,
            &data,
            packed,
            behaviour,
            customizations,
            answer_file,
        );
        compiled.hidden = hidden;
        compiled
    }
}

/// Lays out the image's files in the order they are written.
fn tree(
    package_id: uuid::Uuid,
    groups: Vec<Group>,
    data: &DataAssets,
    packed: Vec<TreeFile>,
    behaviour: Behaviour,
    customizations: String,
    answer_file: String,
) -> Compiled {
    let group_files = groups::finish(groups, behaviour);
    let sources: Vec<&str> = ["Uicc_RunOnce", "RunTime", "User_RunTime"]
        .into_iter()
        .filter(|s| *s == "RunTime" || group_files.iter().any(|g| g.source == *s))
        .collect();

    let bytes = |s: String| Content::Bytes(s.into_bytes());
    let mut files = vec![
        TreeFile {
            path: "Multivariant/Multivariant.xml".into(),
            content: bytes(groups::elements_index("Multivariant", 0)),
        },
        TreeFile {
            path: "Multivariant/0/customizations.xml".into(),
            content: bytes(customizations),
        },
        TreeFile {
            path: "Multivariant/0/MasterDatastore.xml".into(),
            content: bytes(groups::master_datastore(&sources)),
        },
    ];
    for s in &sources {
        files.push(TreeFile {
            path: format!("Multivariant/0/Prov/{s}.xml"),
            content: bytes(groups::configuration_source(&group_files, s)),
        });
    }
    for g in group_files {
        files.push(TreeFile {
            path: format!("Multivariant/0/Prov/{}/{}", g.source, g.file_name),
            content: bytes(g.xml),
        });
    }
    files.push(TreeFile {
        path: "CommonSettings/CommonSettings.xml".into(),
        content: bytes(groups::elements_index("CommonSettings", 1)),
    });
    files.push(TreeFile {
        path: "CommonSettings/1/AnswerFile.xml".into(),
        content: bytes(answer_file),
    });
    if !data.elements.is_empty() {
        files.push(TreeFile {
            path: "DataAsset/DataAsset.xml".into(),
            content: bytes(data.xml()),
        });
        files.extend(packed);
    }
    Compiled {
        package_id,
        files,
        hidden: Vec::new(),
    }
}

fn unmappable(path: &str, why: &str) -> BuildError {
    BuildError::Unmappable {
        path: path.to_owned(),
        why: why.to_owned(),
    }
}

struct Walk<'a, 'r> {
    assets: &'a AssetResolver<'r>,
    package_id: uuid::Uuid,
    groups: Vec<Group>,
    by_instance: HashMap<String, usize>,
    data: DataAssets,
    packed: Vec<PlannedAsset>,
    names: Vec<AssetName>,
    missing: Vec<String>,
    /// The project targets the Common store: its categories are written first.
    common_first: bool,
    naming: FileNaming,
    /// App entries (by instance path) and what their HostedInstall payload names.
    hosted: Vec<(String, apps::HostedApp)>,
    /// Store install entries (by instance path) and their StoreInstall payload.
    stores: Vec<(String, apps::StoreApp)>,
    /// A setting that installs apps was compiled.
    installs_apps: bool,
}

impl Walk<'_, '_> {
    /// Visits the children of `node`. `schema`/`instance` are the paths so far; `keys`
    /// holds the map key or list index of each enclosing collection entry.
    fn node(
        &mut self,
        node: &Node,
        schema: &mut Vec<String>,
        instance: &mut Vec<String>,
        keys: &mut Vec<String>,
    ) -> Result<(), BuildError> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        // Document-order positions of same-named siblings (list indexes).
        let positions: Vec<usize> = node
            .children
            .iter()
            .map(|c| {
                let n = seen.entry(c.name.as_str()).or_insert(0);
                *n += 1;
                *n - 1
            })
            .collect();
        let mut order: Vec<(usize, &Node)> = node.children.iter().enumerate().collect();
        order.sort_by(|a, b| order::store_cmp(&a.1.name, &b.1.name));
        for (i, child) in order {
            schema.push(child.name.clone());
            let sp = schema.join("/");
            let readable = readable_path(instance, child);
            let mut pushed_key = false;
            let inst_seg = match catalog::collection(&sp) {
                Some(coll) => {
                    let key = match coll.key {
                        Some(attr) => child.attr(attr).map(str::to_owned).ok_or_else(|| {
                            unmappable(&readable, &format!("the entry has no {attr} attribute"))
                        })?,
                        None => positions[i].to_string(),
                    };
                    keys.push(key.clone());
                    pushed_key = true;
                    key
                }
                None => child.name.clone(),
            };
            instance.push(inst_seg);
            let res = match catalog::setting(&sp) {
                Some(setting) => self.setting(setting, child, instance, keys, &readable),
                None if child.children.is_empty() => {
                    if child.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                        Err(unmappable(&readable, "it is not in the settings catalog"))
                    } else {
                        Ok(()) // an empty container holds no setting
                    }
                }
                None => self.node(child, schema, instance, keys),
            };
            instance.pop();
            if pushed_key {
                keys.pop();
            }
            schema.pop();
            res?;
        }
        Ok(())
    }

    fn group_index(&mut self, setting: &Setting, instance: &[String]) -> usize {
        let (schema, inst) = match catalog::atomic_root(setting.path) {
            Some(root) => {
                let depth = root.path.split('/').count();
                (root.path.to_owned(), instance[..depth].join("/"))
            }
            None => (setting.path.to_owned(), instance.join("/")),
        };
        let category = setting.path.split('/').next().unwrap_or("").to_owned();
        let block = match self.naming {
            FileNaming::Sequenced => {
                u8::from(!(self.common_first && store::in_common_store(&category)))
            }
            // ICD 2016 wrote the edition store's settings before the Common store's,
            // setting by setting (corpus iotkit-RDPonMBMProv: AllowNFC and
            // AllowUSBConnection, which no later store has, before AllowBluetooth).
            FileNaming::ByCategory => u8::from(store::setting_in_common(setting)),
        };
        match self.by_instance.get(&inst) {
            Some(&i) => i,
            None => {
                self.groups.push(Group {
                    instance: inst.clone(),
                    last: schema.starts_with("ConnectivityProfiles/WLAN/"),
                    schema,
                    user: setting.user,
                    block,
                    category,
                    exec: false,
                    parms: Vec::new(),
                    reloads: Vec::new(),
                });
                self.by_instance.insert(inst, self.groups.len() - 1);
                self.groups.len() - 1
            }
        }
    }

    fn setting(
        &mut self,
        setting: &'static Setting,
        node: &Node,
        instance: &[String],
        keys: &[String],
        readable: &str,
    ) -> Result<(), BuildError> {
        let key = keys.last().map(String::as_str);
        let text = node.text.as_deref().unwrap_or("");
        if setting.kind != Kind::WlanProfile && !node.children.is_empty() {
            return Err(unmappable(
                readable,
                "a value was expected, not nested elements",
            ));
        }
        let bad = |why: String| BuildError::BadValue {
            path: readable.to_owned(),
            why,
        };
        self.installs_apps |= crate::project::rules::installs_apps(setting.path);
        // A setting an app payload folds in (apps.rs): where its entry is, what it is.
        let folded = apps::part_of(setting).map(|(schema, part)| {
            let depth = schema.split('/').count().min(instance.len());
            (instance[..depth].join("/"), schema, part)
        });
        if let Some((entry, schema, part)) = &folded
            && let Kind::Value(_) = setting.kind
            && *part != apps::Part::Product
        {
            let value = setting.compile_value(text).map_err(|e| bad(e.reason()))?;
            let item = keys.last().cloned().unwrap_or_default();
            match part {
                apps::Part::Options => self.hosted_app(entry).options = Some(value),
                apps::Part::OptionalName => {
                    self.hosted_app(entry).optional.entry(item).or_default().1 = Some(value)
                }
                apps::Part::Sku => self.store_app(entry, schema).sku = Some(value),
                _ => self.store_app(entry, schema).flags = Some(value),
            }
            return Ok(());
        }
        let (value, thumb) = match setting.kind {
            Kind::Value(_) => (
                setting.compile_value(text).map_err(|e| bad(e.reason()))?,
                None,
            ),
            Kind::WlanProfile => {
                let ssid = key.ok_or_else(|| {
                    unmappable(
                        readable,
                        "the WLAN settings are not inside a WLANConfig entry",
                    )
                })?;
                (wlan::profile_xml(ssid, node).map_err(bad)?, None)
            }
            Kind::Asset(form) => {
                if text.trim().is_empty() {
                    return Err(bad("no file is given".into()));
                }
                if let Some(why) = apps::extension_problem(setting, text) {
                    return Err(bad(why));
                }
                let Some(local) = (self.assets)(text) else {
                    self.missing.push(format!("{text} (for {readable})"));
                    return Ok(());
                };
                match form {
                    AssetForm::DataAsset => {
                        return self.data_asset(setting, node, instance, text, local, readable);
                    }
                    AssetForm::AppPackage | AssetForm::AppDependency => {
                        let Some((entry, _, part)) = folded.clone() else {
                            return Err(unmappable(readable, "it is not inside an app entry"));
                        };
                        self.data_asset(setting, node, instance, text, local, readable)?;
                        let asset = self.packed.len() - 1;
                        let item = keys.last().cloned().unwrap_or_default();
                        let app = self.hosted_app(&entry);
                        match part {
                            // Its own target gets the payload, filled in by Plan::finish.
                            apps::Part::Package => {
                                app.package = Some(asset);
                                (String::new(), None)
                            }
                            apps::Part::Dependency => {
                                app.dependencies.push(asset);
                                return Ok(()); // target `Dummy`: no parm of its own
                            }
                            _ => {
                                app.optional.entry(item).or_default().0 = Some(asset);
                                return Ok(());
                            }
                        }
                    }
                    AssetForm::AppLicense => {
                        let bytes = read_inline(&local, readable)?;
                        (apps::license_payload(&bytes), None)
                    }
                    AssetForm::FileBase64 => {
                        let bytes = read_inline(&local, readable)?;
                        (
                            base64::engine::general_purpose::STANDARD.encode(bytes),
                            None,
                        )
                    }
                    AssetForm::FileText => {
                        let bytes = read_inline(&local, readable)?;
                        let text = String::from_utf8(bytes).map_err(|_| BuildError::BadAsset {
                            setting: readable.to_owned(),
                            path: local.clone(),
                            why: "it is not UTF-8 text".into(),
                        })?;
                        let text = text.trim_start_matches('\u{feff}');
                        // An XML file goes in as WCD writes it back: compact (corpus
                        // iotkit-ProSKU); other text as it is.
                        let value = if text.trim_start().starts_with('<') {
                            inline_xml::compact(text).map_err(|why| BuildError::BadAsset {
                                setting: readable.to_owned(),
                                path: local.clone(),
                                why: format!("it is not well-formed XML ({why})"),
                            })?
                        } else {
                            text.to_owned()
                        };
                        (value, None)
                    }
                    AssetForm::Serialized(n) => {
                        return Err(BuildError::BadAsset {
                            setting: readable.to_owned(),
                            path: local,
                            why: format!(
                                "how WCD packs this kind of file (store serialization {n}) is not known"
                            ),
                        });
                    }
                    AssetForm::CertificateDer => {
                        let der =
                            certificate_der(&read_inline(&local, readable)?).map_err(|why| {
                                BuildError::BadAsset {
                                    setting: readable.to_owned(),
                                    path: local.clone(),
                                    why,
                                }
                            })?;
                        (
                            base64::engine::general_purpose::STANDARD.encode(&der),
                            Some(thumbprint(&der)),
                        )
                    }
                }
            }
        };
        if setting.chain.is_empty() {
            // The store gives no target: WCD folds the value into another setting's.
            return Err(unmappable(
                readable,
                "the settings store gives it no target of its own (WCD folds it into another setting), and how is not known",
            ));
        }
        let chain = setting.chain_for_keys(keys);
        let (chain, name) = provxml::resolve_chain(&chain, key, thumb.as_deref())
            .map_err(|why| unmappable(readable, &why))?;
        let datatype = match setting.kind {
            Kind::Value(dt) => dt.as_str(),
            _ => "string",
        };
        // The generated WLAN profile belongs to the whole WLANConfig entry, whose path WCD
        // writes as its SettingsPath (corpus pat-CHADS-wireless, pat-MWDWireless).
        let settings_path = match setting.kind {
            Kind::WlanProfile => setting
                .path
                .rsplit_once('/')
                .map_or(setting.path, |(parent, _)| parent),
            _ => setting.path,
        };
        let parm = Parm {
            chain,
            name: name.clone(),
            value,
            datatype,
            exec: setting.exec,
            settings_path: settings_path.to_owned(),
        };
        let g = self.group_index(setting, instance);
        let group = &mut self.groups[g];
        group.exec |= parm.exec;
        group.parms.push(parm);
        let at = (g, group.parms.len() - 1);
        if setting.reboot {
            group.reloads.push(force_reload(&name, setting.path));
        }
        match folded {
            Some((entry, _, apps::Part::Package)) => self.hosted_app(&entry).parm = Some(at),
            Some((entry, schema, apps::Part::Product)) => {
                if text.trim().is_empty() {
                    return Err(bad("no Store product id is given".into()));
                }
                let store = self.store_app(&entry, schema);
                store.parm = Some(at);
                store.product = text.to_owned();
            }
            _ => {}
        }
        Ok(())
    }

    /// The app entry at instance path `entry`, created when first met.
    fn hosted_app(&mut self, entry: &str) -> &mut apps::HostedApp {
        let i = match self.hosted.iter().position(|(e, _)| e == entry) {
            Some(i) => i,
            None => {
                let app = apps::HostedApp {
                    readable: entry.to_owned(),
                    ..Default::default()
                };
                self.hosted.push((entry.to_owned(), app));
                self.hosted.len() - 1
            }
        };
        &mut self.hosted[i].1
    }

    /// The Store install entry at instance path `entry`, created when first met.
    fn store_app(&mut self, entry: &str, schema: &str) -> &mut apps::StoreApp {
        let i = match self.stores.iter().position(|(e, _)| e == entry) {
            Some(i) => i,
            None => {
                let app = apps::StoreApp {
                    readable: entry.to_owned(),
                    default_sku: apps::default_sku(schema),
                    ..Default::default()
                };
                self.stores.push((entry.to_owned(), app));
                self.stores.len() - 1
            }
        };
        &mut self.stores[i].1
    }

    fn data_asset(
        &mut self,
        setting: &'static Setting,
        node: &Node,
        instance: &[String],
        text: &str,
        local: PathBuf,
        readable: &str,
    ) -> Result<(), BuildError> {
        let file_name = source_file_name(text).to_owned();
        if file_name.is_empty() || file_name == "." || file_name == ".." {
            return Err(BuildError::BadValue {
                path: readable.to_owned(),
                why: format!("\"{text}\" does not name a file"),
            });
        }
        let (_, size) = open_regular(&local).map_err(|p| asset_error(readable, &local, p))?;
        let inst = format!("/{}", instance.join("/"));
        let reserved = self.data.reserve(&node.name, &inst);
        self.packed.push(PlannedAsset {
            source: local,
            size,
        });
        let id = format!("{{{}}}", self.package_id.hyphenated());
        // The characteristic names the setting's element below its parent's instance:
        // for a list item that is itself the file (DeviceContext/CommandFiles/CommandFile)
        // the element name, not the index, while DataAsset.xml keeps the index (corpus
        // osd-*-OSDCloudDriverPack); the same as the instance path otherwise (EP).
        let parent = &instance[..instance.len().saturating_sub(1)];
        let characteristic = format!(
            "/{}",
            parent
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(node.name.as_str()))
                .collect::<Vec<_>>()
                .join("/")
        );
        let parm = Parm {
            chain: [
                "Provisioning",
                "Assets",
                id.as_str(),
                characteristic.as_str(),
            ]
            .into_iter()
            .map(Characteristic::new)
            .collect(),
            // Named by Plan::finish once the file's hash is known.
            name: String::new(),
            value: file_name.clone(),
            datatype: "string",
            exec: false,
            settings_path: setting.path.to_owned(),
        };
        let group = self.group_index(setting, instance);
        self.groups[group].parms.push(parm);
        self.names.push(AssetName {
            setting: readable.to_owned(),
            file_name,
            reserved,
            group,
            parm: self.groups[group].parms.len() - 1,
        });
        Ok(())
    }
}

/// `Accounts/Users/User[UserName=ICT]/Password`-style path for messages.
fn readable_path(instance: &[String], child: &Node) -> String {
    let mut p = instance.join("/");
    if !p.is_empty() {
        p.push('/');
    }
    p.push_str(&child.name);
    if let Some((k, v)) = child.attrs.iter().find(|(k, _)| k != "Name") {
        p.push_str(&format!("[{k}={v}]"));
    }
    p
}

fn force_reload(leaf: &str, settings_path: &str) -> Parm {
    Parm {
        chain: vec![
            Characteristic::new("Provisioning"),
            Characteristic::new("ForceSettingReload"),
        ],
        name: leaf.to_owned(),
        value: "1".into(),
        datatype: "integer",
        exec: false,
        settings_path: settings_path.to_owned(),
    }
}

fn asset_error(setting: &str, path: &std::path::Path, p: AssetProblem) -> BuildError {
    let why = match p {
        AssetProblem::NotAFile(w) => w.to_owned(),
        AssetProblem::Io(e) => e.to_string(),
    };
    BuildError::BadAsset {
        setting: setting.to_owned(),
        path: path.to_owned(),
        why,
    }
}

fn read_inline(path: &std::path::Path, setting: &str) -> Result<Vec<u8>, BuildError> {
    use std::io::Read;
    let (file, size) = open_regular(path).map_err(|p| asset_error(setting, path, p))?;
    if size > MAX_INLINE_ASSET {
        return Err(BuildError::BadAsset {
            setting: setting.to_owned(),
            path: path.to_owned(),
            why: format!("it is larger than {} KiB", MAX_INLINE_ASSET >> 10),
        });
    }
    let mut buf = Vec::new();
    file.take(MAX_INLINE_ASSET + 1)
        .read_to_end(&mut buf)
        .map_err(|e| asset_error(setting, path, AssetProblem::Io(e)))?;
    Ok(buf)
}

/// A certificate file as DER: DER as is, or PEM / bare Base64 decoded. Read by the
/// same parser `check` uses, so the two cannot disagree.
pub fn certificate_der(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use crate::project::CerError;
    crate::project::parse_cer(bytes).map_err(|e| match e {
        CerError::NotCertificate => "it is neither DER nor valid Base64/PEM".to_owned(),
        CerError::NotX509 { detail } => format!("it is not an X.509 certificate ({detail})"),
    })
}

/// SHA-1 thumbprint of a DER certificate, upper-case hex, as Windows names certificates.
pub fn thumbprint(der: &[u8]) -> String {
    Sha1::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}
