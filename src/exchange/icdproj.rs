//! WCD's project file, `<Name>.icdproj.xml`: name, description, package id and target
//! editions, so WCD opens the exported folder as a project of its own.

use crate::package::{TargetEditions, UnknownEdition};
use crate::settings::xml_write::{Out, escape_attr, escape_text};
use std::path::{Path, PathBuf};

/// What the project file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcdProject {
    pub name: String,
    pub description: String,
    /// `{guid}`, the same as PackageConfig/ID.
    pub id: String,
    /// `<TargetEditions>`; `None` when it lists none (the WCD version's default applies).
    pub editions: Option<TargetEditions>,
}

/// Why a project file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IcdprojError {
    #[error("{0}")]
    Xml(#[from] crate::settings::ReadError),
    #[error("its <TargetEditions>: {0}")]
    Edition(#[from] UnknownEdition),
}

/// The project file of a WCD project folder: the first `*.icdproj.xml` by name (WCD
/// keeps one per folder).
pub fn find_in(dir: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name().is_some_and(|n| {
                    n.to_string_lossy()
                        .to_ascii_lowercase()
                        .ends_with(".icdproj.xml")
                })
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// WCD version string written into exported project files (the ADK release the shape
/// was taken from).
const WCD_VERSION: &str = "10.0.22621.1";

/// The file as WCD writes it: BOM, CRLF, one attribute per line.
pub fn write_icdproj(p: &IcdProject) -> String {
    let mut w = Out::default();
    w.raw("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    w.line(0, "<ICDProject");
    w.line(1, &format!("Name=\"{}\"", escape_attr(&p.name)));
    w.line(
        1,
        &format!("Description=\"{}\"", escape_attr(&p.description)),
    );
    w.line(1, &format!("Version=\"{WCD_VERSION}\""));
    w.line(1, &format!("Id=\"{}\"", escape_attr(&p.id)));
    w.line(1, "TemplateName=\"Provisioning package\"");
    w.line(1, "TemplateType=\"ProvisioningPackage\">");
    w.line(1, "<TargetEditions>");
    for e in p.editions.iter().flat_map(|t| t.editions()) {
        w.line(2, "<Sku>");
        w.line(3, "<StoreType>File</StoreType>");
        w.line(3, &format!("<Name>{}</Name>", escape_text(e.title())));
        w.line(3, &format!("<SourcePath>{}</SourcePath>", e.store_file()));
        w.line(3, &format!("<Edition>{}</Edition>", e.as_str()));
        w.line(3, "<Version>10.0</Version>");
        w.line(
            3,
            &format!(
                "<Description>{}</Description>",
                escape_text(e.description())
            ),
        );
        w.line(2, "</Sku>");
    }
    w.line(1, "</TargetEditions>");
    w.line(0, "</ICDProject>");
    w.finish()
}

/// Reads the name, description, id and target editions from a WCD project file.
pub fn read_icdproj(bytes: &[u8]) -> Result<IcdProject, IcdprojError> {
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned();
    let root = crate::settings::parse_tree(&text)?;
    if root.name != "ICDProject" {
        return Err(crate::settings::ReadError::Shape(format!(
            "the top element is <{}>, not <ICDProject>",
            root.name
        ))
        .into());
    }
    let attr = |k: &str| root.attr(k).unwrap_or_default().to_owned();
    let names: Vec<&str> = root
        .child("TargetEditions")
        .into_iter()
        .flat_map(|t| t.children.iter().filter(|c| c.name == "Sku"))
        .filter_map(|sku| sku.text_at("Edition"))
        .collect();
    Ok(IcdProject {
        name: attr("Name"),
        description: attr("Description"),
        id: attr("Id"),
        editions: TargetEditions::from_names(&names)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_wcd_sample() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/samples/epower-v1.11");
        let src =
            std::fs::read_to_string(dir.join("e-power Autopilot enrollment.icdproj.xml")).unwrap();
        let p = read_icdproj(src.as_bytes()).unwrap();
        assert_eq!(p.id, "{f70f31bb-69aa-4a40-a800-f43b1a7af4f5}");
        assert_eq!(p.editions.as_ref().unwrap().skus(), "Desktop");
        // The shared copy has LF line ends (git); WCD writes CRLF.
        assert_eq!(write_icdproj(&p), src.replace('\n', "\r\n"));
    }

    /// Every project file in the reference data: its editions read back, and written
    /// again as WCD wrote them (ICD 10586 titles its editions differently, so only the
    /// editions are compared there).
    #[test]
    fn reads_the_editions_of_real_projects() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/corpus/sa-iotkit-enroll/project");
        let src = std::fs::read(find_in(&corpus).unwrap()).unwrap();
        let p = read_icdproj(&src).unwrap();
        assert_eq!(p.editions.as_ref().unwrap().skus(), "Athens,WindowsCommon");
        let again = read_icdproj(write_icdproj(&p).as_bytes()).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn common_and_desktop_as_wcd_writes_them() {
        let p = IcdProject {
            name: "Kiosk".into(),
            description: String::new(),
            id: "{f7e6a9ef-9df7-4c6b-9013-7388624adce8}".into(),
            editions: TargetEditions::from_skus("WindowsCommon,Desktop").unwrap(),
        };
        let text = write_icdproj(&p);
        // The Common store's block as ICD 17134 wrote it (danbanco's Dispatch_Kiosk).
        assert!(text.contains(
            "    <Sku>\r\n      <StoreType>File</StoreType>\r\n      <Name>All Windows editions</Name>\r\n      <SourcePath>Microsoft-Common-Provisioning.dat</SourcePath>\r\n      <Edition>WindowsCommon</Edition>\r\n      <Version>10.0</Version>\r\n      <Description>Selecting this option will display settings that apply to all Windows editions.</Description>\r\n    </Sku>\r\n    <Sku>"
        ), "{text}");
        assert_eq!(read_icdproj(text.as_bytes()).unwrap(), p);
    }

    #[test]
    fn an_unknown_edition_is_an_error() {
        let text = "<ICDProject Name=\"x\"><TargetEditions><Sku><Edition>Phone</Edition></Sku></TargetEditions></ICDProject>";
        let e = read_icdproj(text.as_bytes()).unwrap_err();
        assert!(matches!(e, IcdprojError::Edition(_)), "{e}");
        assert!(e.to_string().contains("Desktop"), "{e}");
        let none = read_icdproj(b"<ICDProject Name=\"x\"/>").unwrap();
        assert_eq!(none.editions, None);
    }
}
