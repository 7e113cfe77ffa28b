use super::*;

fn events(src: &str) -> Vec<Ev> {
    parse(src, &Variables::default())
        .events
        .into_iter()
        .map(|(e, _)| e)
        .collect()
}

#[test]
fn a_pagebreak_alone_on_a_line_is_a_page_break() {
    assert_eq!(events("a\n\n\\pagebreak\n\nb\n")[3], Ev::PageBreak);
    assert!(!events("see \\pagebreak here\n").contains(&Ev::PageBreak));
}

#[test]
fn admonitions_and_alerts_become_callouts() {
    let ev = events("!!! warning \"Read this\"\n    Body **bold**.\n\n    - item\n\nAfter.\n");
    assert_eq!(
        ev[0],
        Ev::CalloutStart(Callout {
            kind: CalloutKind::Warning,
            title: "Read this".to_owned(),
            collapsible: None
        })
    );
    assert!(ev.contains(&Ev::Md(Event::Start(Tag::Strong))));
    assert!(ev.contains(&Ev::Md(Event::Start(Tag::List(None)))));
    let end = ev.iter().position(|e| *e == Ev::CalloutEnd).unwrap();
    assert!(ev[end..].contains(&Ev::Md(Event::Text("After.".into()))));
    let ev = events("> [!TIP]\n> Use keys.\n");
    assert!(matches!(&ev[0], Ev::CalloutStart(c) if c.kind == CalloutKind::Tip));
    let ev = events("??? note\n    Hidden.\n");
    assert!(
        matches!(&ev[0], Ev::CalloutStart(c) if c.collapsible == Some(false) && c.title == "Note")
    );
}

#[test]
fn grid_cells_map_back_to_the_source() {
    let src = "+------+-----------------+\n| Key  | Value           |\n+======+=================+\n| a    | see [x](policy:y) |\n+------+-----------------+\n";
    let src = src.replace("| see [x](policy:y) |", "| [x](policy:y)   |");
    let p = parse(&src, &Variables::default());
    let link = p
        .events
        .iter()
        .find(|(e, _)| matches!(e, Ev::Md(Event::Start(Tag::Link { .. }))))
        .unwrap();
    assert_eq!(&src[link.1.clone()], "[x](policy:y)");
    assert!(
        p.events
            .iter()
            .any(|(e, _)| matches!(e, Ev::Md(Event::Start(Tag::TableHead))))
    );
}

#[test]
fn lettered_lists_keep_their_style_and_text() {
    let ev = events("Steps:\n\na. one\nb. two\n");
    assert!(ev.contains(&Ev::OrderedList {
        start: 1,
        style: ListStyle::LowerAlpha
    }));
    assert!(ev.contains(&Ev::Md(Event::Text("two".into()))));
    assert_eq!(ListStyle::LowerRoman.marker(4), "iv");
    assert_eq!(ListStyle::UpperAlpha.marker(28), "AB");
}

#[test]
fn variables_are_text_and_code_is_left_alone() {
    let cfg = crate::load::config::fallback();
    let vars = Variables::of(Some(&cfg));
    let p = parse(
        "Hi {{ company.name }} `{{ x }}`\n\n```\n{{ y }}\n```\n\n\\{{ literal }}\n",
        &vars,
    );
    let texts: Vec<String> = p
        .events
        .iter()
        .filter_map(|(e, _)| match e {
            Ev::Md(Event::Text(t) | Event::Code(t)) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        texts,
        ["Hi (unnamed) ", "{{ x }}", "{{ y }}\n", "{{ literal }}"]
    );
    assert!(p.notes.is_empty(), "{:?}", p.notes);
    let p = parse("Dear {{.Name}},\n", &vars);
    assert_eq!(p.notes.len(), 1);
    assert_eq!(p.notes[0].range, 5..14);
}

#[test]
fn suspicious_markdown_is_noted() {
    let kinds = |src: &str| -> Vec<String> {
        parse(src, &Variables::default())
            .notes
            .iter()
            .map(|n| n.message.clone())
            .collect()
    };
    assert!(kinds("#Purpose\n\ntext\n")[0].contains("not a heading"));
    assert!(kinds("Text\n\n\t- item\n\t- item\n")[0].contains("tab"));
    assert!(kinds("One line.\nTwo lines.\n---\n")[0].contains("`---`"));
    assert!(
        kinds("[a]\n\n[a]: https://x.example\n[A]: https://y.example\n")[0]
            .contains("defined twice")
    );
    assert!(kinds("[here](#)\n")[0].contains("nowhere"));
    assert!(kinds("```mermaid\ngraph TD\n```\n")[0].contains("Mermaid"));
    assert!(kinds("## Fine\n\n# Also fine\n").is_empty());
}

#[test]
fn grid_tables_inside_lists_and_quotes() {
    for src in [
        "- Item\n\n  +---+---+\n  | a | b |\n  +---+---+\n",
        "> +---+---+\n> | a | b |\n> +---+---+\n",
    ] {
        let ev = events(src);
        assert!(
            ev.iter()
                .any(|e| matches!(e, Ev::Md(Event::Start(Tag::Table(_))))),
            "{src:?}: {ev:?}"
        );
        assert!(
            !ev.iter()
                .any(|e| matches!(e, Ev::Md(Event::Text(t)) if t.contains("+---")))
        );
    }
}

#[test]
fn nesting_is_bounded() {
    // An admonition in an admonition in ... stays bounded and never panics.
    let mut src = String::new();
    for depth in 0..20 {
        src.push_str(&"    ".repeat(depth));
        src.push_str("!!! note\n");
    }
    src.push_str(&"    ".repeat(20));
    src.push_str("deep\n");
    let ev = events(&src);
    let opens = ev
        .iter()
        .filter(|e| matches!(e, Ev::CalloutStart(_)))
        .count();
    assert!((1..=MAX_DEPTH + 1).contains(&opens), "{opens}");
}

#[test]
fn placeholders_in_raw_html_are_reported() {
    let p = parse(
        "<div>{{ company.name }}</div>\n\nText <b>{{x}}</b>\n",
        &Variables::default(),
    );
    let kinds: Vec<NoteKind> = p.notes.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [NoteKind::UnknownVariable, NoteKind::UnknownVariable]
    );
}
