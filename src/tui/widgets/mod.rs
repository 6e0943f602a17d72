//! The wizard's widgets: text fields on `ratatui-textarea`, check boxes, choices, lists,
//! a keyboard file picker and pop-up boxes; `form_view` lays a page's rows out.

pub mod choice;
pub mod dialog;
pub mod file_picker;
pub mod form;
pub mod form_view;
pub mod setting_editor;
pub mod text_input;
