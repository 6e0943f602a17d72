//! Helpers shared by the token tests.
#![allow(dead_code)]

pub mod fake_entra;
