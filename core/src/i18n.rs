//! Fluent translations.
