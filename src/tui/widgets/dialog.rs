//! Pop-up boxes drawn over the page (help, questions, progress).

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::form::wrap;

/// A `w`×`h` rectangle centred in `area` (shrunk to fit).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears `rect`, draws a titled border, and returns the inside.
pub fn frame_box(frame: &mut Frame, rect: Rect, title: &str, theme: &Theme) -> Rect {
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .title_style(theme.title());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A scrolling dialog's body inside its box (a column of margin each side, the last line
/// left free) and that last line, where its key hints go.
pub fn body_and_foot(inner: Rect) -> (Rect, Rect) {
    let body = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    let foot = Rect::new(body.x, inner.bottom().saturating_sub(1), body.width, 1);
    (body, foot)
}

/// A centred box of wrapped text with a one-line key hint at its foot.
pub fn text_box(frame: &mut Frame, area: Rect, title: &str, text: &str, hint: &str, t: &Theme) {
    let width = 66u16.min(area.width);
    let lines = wrap(text, width as usize - 4);
    let h = (lines.len() as u16 + 4).min(area.height);
    let inner = frame_box(frame, centered(area, width, h), title, t);
    let inner = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let body: Vec<Line> = lines.into_iter().map(Line::raw).collect();
    frame.render_widget(
        Paragraph::new(body),
        Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        ),
    );
    frame.render_widget(
        Paragraph::new(Span::styled(hint.to_string(), t.dim())),
        Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1),
    );
}
