//! Draws a page's rows: labels in a column, widgets beside them, problems under their field,
//! scrolled so the focused widget is always on screen.

use super::form::{Entry, Form, Row, Tone, Widget, wrap};
use crate::project::Severity;
use crate::tui::slot::Slot;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of the label column.
pub const LABEL_W: u16 = 22;
/// Most entries a list shows at once.
const LIST_ROWS: usize = 8;

/// The problems to show under a slot.
pub type ProblemsOf<'a> = &'a dyn Fn(Slot) -> Vec<(Severity, String)>;

enum VLine<'a> {
    Widget(Slot),
    ChoiceOpt {
        slot: Slot,
        i: usize,
        first: bool,
    },
    /// One line of an entry, wrapped at word boundaries; `first` carries the marks.
    Entry {
        slot: Slot,
        i: usize,
        e: &'a Entry,
        text: String,
        first: bool,
    },
    Empty(Slot),
    Styled(Line<'static>),
}

/// `text` wrapped to `room`; an entry that starts with a one-character mark and a space
/// (the Summary's `? ` before a warning) hangs: its next lines start under the text.
fn hanging_wrap(text: &str, room: usize) -> Vec<String> {
    let mut chars = text.chars();
    let bullet = match (chars.next(), chars.next()) {
        (Some(m), Some(' ')) if !m.is_alphanumeric() && !m.is_whitespace() => Some(m),
        _ => None,
    };
    let Some(mark) = bullet else {
        return wrap(text, room);
    };
    let rest = &text[mark.len_utf8() + 1..];
    wrap(rest, room.saturating_sub(2))
        .into_iter()
        .enumerate()
        .map(|(n, l)| {
            if n == 0 {
                format!("{mark} {l}")
            } else {
                format!("  {l}")
            }
        })
        .collect()
}

/// Draws `rows` into `area`.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    form: &Form,
    rows: &[Row],
    problems: ProblemsOf,
    theme: &Theme,
) {
    if area.height == 0 || area.width < 20 {
        return;
    }
    let width = area.width as usize;
    let value_w = width.saturating_sub(LABEL_W as usize);
    let mut lines: Vec<VLine> = Vec::new();
    let mut focus_span = (0usize, 0usize);
    // Within a focused list, the selected entry is what must be on screen.
    let mut selected_span: Option<(usize, usize)> = None;
    for row in rows {
        let start = lines.len();
        match row {
            Row::Field(slot) => {
                match form.widget(*slot) {
                    Some(Widget::Choice(c)) if c.inline_width() > value_w => {
                        for i in 0..c.options.len() {
                            lines.push(VLine::ChoiceOpt {
                                slot: *slot,
                                i,
                                first: i == 0,
                            });
                        }
                    }
                    Some(_) => lines.push(VLine::Widget(*slot)),
                    None => {}
                }
                push_problems(&mut lines, problems(*slot), width, theme);
            }
            Row::Entries { slot, entries } => {
                if entries.is_empty() {
                    lines.push(VLine::Empty(*slot));
                } else {
                    let sel = form.selected(*slot).min(entries.len() - 1);
                    let first = (sel + 1).saturating_sub(LIST_ROWS);
                    for (i, e) in entries.iter().enumerate().skip(first).take(LIST_ROWS) {
                        let entry_start = lines.len();
                        let room = width.saturating_sub(6 + if e.problem { 2 } else { 0 });
                        for (n, text) in hanging_wrap(&e.text, room).into_iter().enumerate() {
                            lines.push(VLine::Entry {
                                slot: *slot,
                                i,
                                e,
                                text,
                                first: n == 0,
                            });
                        }
                        if *slot == form.focus && i == sel {
                            selected_span = Some((entry_start, lines.len()));
                        }
                    }
                }
                push_problems(&mut lines, problems(*slot), width, theme);
            }
            Row::Note(text, tone) => {
                for l in wrap(text, width.saturating_sub(2)) {
                    lines.push(VLine::Styled(Line::styled(
                        format!("  {l}"),
                        tone_style(*tone, theme),
                    )));
                }
            }
            Row::Pair(label, value, tone) => {
                for (n, l) in wrap(value, value_w.saturating_sub(1))
                    .into_iter()
                    .enumerate()
                {
                    let label = if n == 0 { label.as_str() } else { "" };
                    lines.push(VLine::Styled(Line::from(vec![
                        Span::styled(pad(&format!("  {label}"), LABEL_W as usize), theme.dim()),
                        Span::styled(l, tone_style(*tone, theme)),
                    ])));
                }
            }
            Row::Heading(h) => lines.push(VLine::Styled(Line::styled(h.clone(), theme.title()))),
            Row::Blank => lines.push(VLine::Styled(Line::default())),
        }
        if row.slot() == Some(form.focus) {
            focus_span = selected_span.take().unwrap_or((start, lines.len()));
        }
    }
    let total = lines.len();
    let full_h = area.height as usize;
    // When it does not fit, the first and last lines are kept for the "more" marks, so
    // they never cover text.
    let scroll_for = |h: usize| {
        if focus_span.1 > h {
            (focus_span.1 - h).min(focus_span.0)
        } else {
            0
        }
    };
    let (mut h, mut top) = (full_h, 0u16);
    if total > full_h && full_h > 2 {
        h = full_h - 1;
        if scroll_for(h) > 0 {
            (h, top) = (full_h - 2, 1);
        }
    }
    let scroll = scroll_for(h);
    for (n, line) in lines.iter().enumerate().skip(scroll).take(h) {
        let y = area.y + top + (n - scroll) as u16;
        let rect = Rect::new(area.x, y, area.width, 1);
        draw_line(frame, rect, form, line, theme);
    }
    let mark = |text: &str, y: u16| {
        let w = text.chars().count() as u16;
        Rect::new(area.right().saturating_sub(w), y, w.min(area.width), 1)
    };
    if top == 1 && scroll > 0 {
        let t = "↑ more above";
        frame.render_widget(Paragraph::new(t).style(theme.dim()), mark(t, area.y));
    }
    if total > scroll + h {
        let t = "↓ more below";
        frame.render_widget(
            Paragraph::new(t).style(theme.dim()),
            mark(t, area.bottom() - 1),
        );
    }
}

fn push_problems(
    lines: &mut Vec<VLine>,
    list: Vec<(Severity, String)>,
    width: usize,
    theme: &Theme,
) {
    for (sev, msg) in list {
        let (mark, style) = match sev {
            Severity::Error => ("! ", theme.error()),
            Severity::Warning => ("? ", theme.warning()),
        };
        for (n, l) in wrap(&msg, width.saturating_sub(6)).into_iter().enumerate() {
            let lead = if n == 0 { mark } else { "  " };
            lines.push(VLine::Styled(Line::styled(format!("    {lead}{l}"), style)));
        }
    }
}

fn tone_style(tone: Tone, theme: &Theme) -> Style {
    match tone {
        Tone::Plain => theme.base(),
        Tone::Dim => theme.dim(),
        Tone::Ok => theme.ok(),
        Tone::Warn => theme.warning(),
        Tone::Error => theme.error(),
        Tone::Strong => theme.title(),
    }
}

fn pad(s: &str, w: usize) -> String {
    let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
    while out.chars().count() < w {
        out.push(' ');
    }
    out
}

fn label_span(slot: Slot, focused: bool, theme: &Theme) -> Span<'static> {
    let text = format!("{}{}", if focused { "> " } else { "  " }, slot.label());
    let style = if focused { theme.focus() } else { theme.base() };
    Span::styled(pad(&text, LABEL_W as usize), style)
}

fn draw_line(frame: &mut Frame, rect: Rect, form: &Form, line: &VLine, theme: &Theme) {
    let value_rect = Rect::new(
        rect.x + LABEL_W,
        rect.y,
        rect.width.saturating_sub(LABEL_W + 1),
        1,
    );
    match line {
        VLine::Styled(l) => frame.render_widget(Paragraph::new(l.clone()), rect),
        VLine::Widget(slot) => {
            let focused = form.focus == *slot;
            match form.widget(*slot) {
                Some(Widget::Text(t)) => {
                    frame.render_widget(Paragraph::new(label_span(*slot, focused, theme)), rect);
                    t.render(frame, value_rect);
                }
                Some(Widget::Check(on)) => {
                    let text = format!(
                        "{}[{}] {}",
                        if focused { "> " } else { "  " },
                        if *on { "x" } else { " " },
                        slot.label()
                    );
                    let style = if focused { theme.focus() } else { theme.base() };
                    frame.render_widget(Paragraph::new(Span::styled(text, style)), rect);
                }
                Some(Widget::Button) => {
                    let text = format!("{}[ {} ]", if focused { "> " } else { "  " }, slot.label());
                    let style = if focused {
                        theme.focus()
                    } else {
                        theme.button()
                    };
                    frame.render_widget(Paragraph::new(Span::styled(text, style)), rect);
                }
                Some(Widget::Choice(c)) => {
                    let mut spans = vec![label_span(*slot, focused, theme)];
                    for (i, o) in c.options.iter().enumerate() {
                        spans.push(option_span(o, i == c.selected, focused, theme));
                        spans.push(Span::raw("  "));
                    }
                    frame.render_widget(Paragraph::new(Line::from(spans)), rect);
                }
                Some(Widget::List(_)) | None => {}
            }
        }
        VLine::ChoiceOpt { slot, i, first } => {
            let focused = form.focus == *slot;
            let Some(Widget::Choice(c)) = form.widget(*slot) else {
                return;
            };
            let label = if *first {
                label_span(*slot, focused, theme)
            } else {
                Span::raw(pad("", LABEL_W as usize))
            };
            let opt = option_span(c.options[*i], *i == c.selected, focused, theme);
            frame.render_widget(Paragraph::new(Line::from(vec![label, opt])), rect);
        }
        VLine::Entry {
            slot,
            i,
            e,
            text,
            first,
        } => {
            let focused = form.focus == *slot;
            let selected = form.selected(*slot) == *i;
            let mark = match (selected, focused, *first) {
                (_, _, false) => "  ",
                (true, true, _) => "> ",
                (true, false, _) => "· ",
                _ => "  ",
            };
            let problem = match (e.problem, *first) {
                (false, _) => "",
                (true, true) => "! ",
                (true, false) => "  ",
            };
            let text = format!("  {mark}{problem}{text}");
            let style = if selected && focused {
                theme.focus()
            } else if e.problem {
                theme.error()
            } else {
                theme.base()
            };
            frame.render_widget(Paragraph::new(Span::styled(text, style)), rect);
        }
        VLine::Empty(slot) => {
            let focused = form.focus == *slot;
            let text = format!("{}(none yet)", if focused { "  > " } else { "    " });
            let style = if focused { theme.focus() } else { theme.dim() };
            frame.render_widget(Paragraph::new(Span::styled(text, style)), rect);
        }
    }
}

fn option_span(text: &str, selected: bool, focused: bool, theme: &Theme) -> Span<'static> {
    let mark = if selected { "(•)" } else { "( )" };
    let style = if selected && focused {
        theme.focus()
    } else {
        theme.base()
    };
    Span::styled(format!("{mark} {text}"), style)
}

#[cfg(test)]
mod tests {
    use super::hanging_wrap;

    #[test]
    fn a_marked_entry_hangs_under_its_text() {
        let lines = hanging_wrap("? Device › Device name: No device name is set", 20);
        assert_eq!(lines[0], "? Device › Device");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("  ") && !l.starts_with("   "))
        );
        let plain = "Plain entry text here";
        assert_eq!(hanging_wrap(plain, 10), super::wrap(plain, 10));
    }
}
