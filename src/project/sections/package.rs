//! The Project and Protect pages: the package's identity (`<PackageConfig>`) and its password.

use super::{FieldSpec, Writes};
use crate::project::{Field, Page};

pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        field: Field::Schema,
        page: Page::Project,
        label: "Schema version",
        prompt: "",
        example: "",
        help: "The version of the project file's format. ppkg-wizard writes it; it changes only when a new version reads projects differently.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::ProjectName,
        page: Page::Project,
        label: "Project name",
        prompt: "Name",
        example: "e.g. School Lab",
        help: "The name of this package. It is also the file name: School Lab becomes School Lab.ppkg.\n\nExample: School Lab\n\nOn the device: the name appears in Settings > Accounts > Access work or school > Add or remove a provisioning package.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::Description,
        page: Page::Project,
        label: "Description",
        prompt: "Description",
        example: "e.g. Lab PCs in building B",
        help: "A note for you and your colleagues about what this package is for. Optional.\n\nExample: Lab PCs in building B, Wi-Fi and printers.\n\nOn the device: nothing.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::PackageVersion,
        page: Page::Project,
        label: "Package version",
        prompt: "Package version",
        example: "e.g. 1.0",
        help: "Two numbers with a dot. When you change a package and rebuild it, raise the version so devices replace the old one instead of refusing it.\n\nExample: 1.0, then 1.1\n\nOn the device: a higher version of the same package replaces the lower one.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::PackageRank,
        page: Page::Project,
        label: "Package rank",
        prompt: "",
        example: "",
        help: "A number from 0 to 99. Among packages of the same owner on a device, the one with the higher rank wins where they set the same thing.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::PackageId,
        page: Page::Project,
        label: "Package id",
        prompt: "",
        example: "",
        help: "The package's identity, made once per project and kept, so a rebuilt package replaces the earlier one on devices instead of being added beside it.",
        writes: Writes::Project,
    },
    FieldSpec {
        field: Field::ProtectPassword,
        page: Page::Protect,
        label: "Package password",
        prompt: "Password",
        example: "8 to 16 letters and digits",
        help: "The package password: 8 to 16 characters, letters and digits only.\n\nExample: Lab2025Spring\n\nOn the device: Windows asks for it before installing the package.",
        writes: Writes::PackagePassword,
    },
];
