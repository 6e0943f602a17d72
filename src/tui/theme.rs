//! Styles, with and without colour. Without colour (`NO_COLOR`) focus and problems stay
//! visible through reverse video, bold and the `>` / `!` markers every mode draws.

use ratatui::style::{Color, Modifier, Style};

/// The wizard's styles. Colour is a parameter (not read from the environment here) so tests
/// can render both modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color }
    }

    pub fn plain() -> Self {
        Self { color: false }
    }

    pub fn colored() -> Self {
        Self { color: true }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.color { color } else { plain }
    }

    pub fn base(&self) -> Style {
        Style::default()
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    /// The focused label or list entry.
    pub fn focus(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// A text field that is not focused: visible even when empty.
    pub fn input(&self) -> Style {
        self.pick(
            Style::default().bg(Color::DarkGray).fg(Color::White),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    }

    /// The focused text field.
    pub fn input_focused(&self) -> Style {
        self.pick(
            Style::default().bg(Color::Blue).fg(Color::White),
            Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        )
    }

    pub fn cursor(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn placeholder(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Gray).bg(Color::DarkGray),
            Style::default().add_modifier(Modifier::DIM | Modifier::UNDERLINED),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn warning(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow),
            Style::default().add_modifier(Modifier::ITALIC),
        )
    }

    pub fn ok(&self) -> Style {
        self.pick(Style::default().fg(Color::Green), Style::default())
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Gray),
            Style::default().add_modifier(Modifier::DIM),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn hint_bar(&self) -> Style {
        self.pick(Style::default().bg(Color::Black), Style::default())
    }

    pub fn button(&self) -> Style {
        self.pick(
            Style::default().fg(Color::White).bg(Color::DarkGray),
            Style::default(),
        )
    }
}
