//! Tera's error messages read for a site's author: where the mistake is, and the common ones
//! in the site's language with the name most likely meant (`ý bạn là `title`?`). Tera's words
//! are matched as its version (pinned in Cargo.lock) writes them; any other message is kept.

use crate::diag::{did_you_mean, Lang};

/// Tera's built-in filters, tests and functions, and lnob's own filter, for suggestions.
const FILTERS: &[&str] = &[
    "abs",
    "capitalize",
    "default",
    "double",
    "escape",
    "escape_html",
    "escape_xml",
    "first",
    "float",
    "get",
    "group_by",
    "indent",
    "int",
    "join",
    "join_html",
    "keys",
    "last",
    "length",
    "lower",
    "newlines_to_br",
    "nth",
    "pairs",
    "pluralize",
    "replace",
    "reverse",
    "round",
    "safe",
    "sort",
    "split",
    "str",
    "title",
    "trim",
    "trim_end",
    "trim_start",
    "truncate",
    "unique",
    "upper",
    "values",
    "wordcount",
];
const TESTS: &[&str] = &[
    "array",
    "bool",
    "containing",
    "defined",
    "divisible_by",
    "ending_with",
    "even",
    "float",
    "integer",
    "iterable",
    "map",
    "none",
    "number",
    "odd",
    "starting_with",
    "string",
    "undefined",
];
const FUNCTIONS: &[&str] = &["range", "throw"];

/// Where in a template a Tera error is: `base.html:41:4` from its `--> base.html:41:4`.
pub fn place(e: &str) -> Option<&str> {
    let at = e.find("--> ")? + 4;
    e[at..].split_whitespace().next()
}

/// The template a Tera error points into (`base.html`).
pub fn template(e: &str) -> Option<&str> {
    let name = place(e)?.split(':').next()?;
    (!name.is_empty()).then_some(name)
}

/// "did you mean `x`?" in the site's language.
pub fn meant(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("ý bạn là `{name}`?"),
        Lang::En => format!("did you mean `{name}`?"),
    }
}

/// The message with Tera's `error: …` line in the site's language where it is a common mistake,
/// and the name most likely meant (`templates`: the names of the site's templates).
pub fn words(e: &str, lang: Lang, templates: &[&str]) -> (String, Option<String>) {
    if let Some(found) = unknown_value(e, lang).or_else(|| unknown_name(e, lang, templates)) {
        return found;
    }
    let worded = fixed(e, lang)
        .or_else(|| block_not_in_parent_words(e, lang))
        .or_else(|| found_but_expected(e, lang))
        .or_else(|| end_name_differs(e, lang));
    // Any other message as Tera words it, without its own "error: " after lnob's "lỗi".
    (worded.unwrap_or_else(|| e.replacen("error: ", "", 1)), None)
}

/// Where Tera's `error: {head} `name`` is: its start, the name, and what follows the name.
fn named<'e>(e: &'e str, head: &str) -> Option<(usize, &'e str, &'e str)> {
    let head = format!("error: {head} `");
    let at = e.find(&head)?;
    let (name, rest) = e[at + head.len()..].split_once('`')?;
    Some((at, name, rest))
}

/// The block a template fills that no template it extends has (`error: Block `head` is not
/// defined in any parent template`): the parent is the file to mend.
pub fn block_not_in_parent(e: &str) -> Option<&str> {
    let (_, block, rest) = named(e, "Block")?;
    rest.starts_with(NOT_IN_PARENT).then_some(block)
}

const NOT_IN_PARENT: &str = " is not defined in any parent template";

fn block_not_in_parent_words(e: &str, lang: Lang) -> Option<String> {
    let (at, block, rest) = named(e, "Block")?;
    let rest = rest.strip_prefix(NOT_IN_PARENT)?;
    let w = match lang {
        Lang::Vi => format!("không mẫu cha nào có khối `{block}`"),
        Lang::En => format!("no parent template has the block `{block}`"),
    };
    Some(format!("{}{w}{rest}", &e[..at]))
}

/// Sentences Tera always writes the same way.
fn fixed(e: &str, lang: Lang) -> Option<String> {
    const FIXED: [(&str, &str, &str); 3] = [
        (
            "error: Unknown tag",
            "thẻ này không hợp lệ ở đây",
            "this tag is not valid here",
        ),
        (
            "error: Unexpected end of input",
            "mẫu kết thúc giữa chừng: còn một thẻ chưa đóng",
            "the template ends too early: a tag is not closed",
        ),
        (
            "error: This content would be ignored: only `extends`, `block` and `component` are \
             allowed at the top level of a child template.",
            "nội dung này sẽ bị bỏ qua: một mẫu mở rộng mẫu khác (`{% extends %}`) chỉ có các \
             khối `{% block … %}` ở ngoài cùng; hãy đặt nó vào trong một khối",
            "this content would be ignored: a template that extends another (`{% extends %}`) \
             has only `{% block … %}` blocks at the top level; put it inside one",
        ),
    ];
    FIXED.into_iter().find_map(|(said, vi, en)| {
        let at = e.find(said)?;
        let w = lang.pick(vi, en);
        Some(format!("{}{w}{}", &e[..at], &e[at + said.len()..]))
    })
}

/// An unknown filter, test, function or template, with the known one most likely meant.
fn unknown_name(e: &str, lang: Lang, templates: &[&str]) -> Option<(String, Option<String>)> {
    // (Tera's words, what the thing is, the names it could have been)
    let kinds: [(&str, [&str; 2], &[&str]); 4] = [
        ("Unknown filter", ["bộ lọc", "filter"], FILTERS),
        ("Unknown test", ["phép thử", "test"], TESTS),
        ("Unknown function", ["hàm", "function"], FUNCTIONS),
        ("Unknown template", ["mẫu", "template"], templates),
    ];
    kinds.into_iter().find_map(|(said, [vi, en], names)| {
        let (at, name, rest) = named(e, said)?;
        let meant = did_you_mean(name, names.iter().copied()).map(str::to_string);
        let w = match lang {
            Lang::Vi => format!("không có {vi} `{name}`"),
            Lang::En => format!("there is no {en} `{name}`"),
        };
        Some((format!("{}{w}{rest}", &e[..at]), meant))
    })
}

/// A syntax error: `error: Found `}` but expected }}.` → "cần `}}` nhưng gặp `}`".
fn found_but_expected(e: &str, lang: Lang) -> Option<String> {
    const HEAD: &str = "error: Found ";
    let at = e.find(HEAD)?;
    let rest = &e[at + HEAD.len()..];
    let end = rest.find('\n').unwrap_or(rest.len());
    let (found, expected) = rest[..end].split_once(" but expected ")?;
    let expected = expected.strip_suffix('.').unwrap_or(expected);
    // Tera writes the closing delimiters bare.
    let expected = match expected {
        "}}" | "%}" | "#}" => format!("`{expected}`"),
        other => other.to_string(),
    };
    let w = match lang {
        Lang::Vi => format!(
            "ở đây cần {} nhưng gặp {}",
            vi_kinds(&expected),
            vi_kinds(found)
        ),
        Lang::En => format!("expected {expected} here but found {found}"),
    };
    Some(format!("{}{w}{}", &e[..at], &rest[end..]))
}

/// `error: block was named `content` in the opening tag, found `main` as name in the end tag`.
fn end_name_differs(e: &str, lang: Lang) -> Option<String> {
    const MID: &str = " in the opening tag, found `";
    const END: &str = "` as name in the end tag";
    let mid = e.find(MID)?;
    let start = e[..mid].rfind("error: ")?;
    let (kind, open) = e[start + 7..mid].split_once(" was named `")?;
    let open = open.strip_suffix('`')?;
    let (close, rest) = e[mid + MID.len()..].split_once(END)?;
    let w = match (lang, kind) {
        (Lang::Vi, "block") => {
            format!("khối mở tên `{open}` nhưng thẻ đóng ghi `{close}`: sửa thành `{{% endblock {open} %}}`")
        }
        (Lang::Vi, _) => format!("{kind} mở tên `{open}` nhưng thẻ đóng ghi `{close}`"),
        (Lang::En, _) => {
            format!("the {kind} opened as `{open}` is closed as `{close}`")
        }
    };
    Some(format!("{}{w}{rest}", &e[..start]))
}

/// Tera's names for kinds of tokens, in Vietnamese (`a string, an integer or a bool`).
fn vi_kinds(s: &str) -> String {
    const WORDS: [(&str, &str); 9] = [
        ("one of: ", "một trong: "),
        ("a string", "một chuỗi"),
        ("an integer", "một số nguyên"),
        ("a bool", "true/false"),
        ("identifier", "một tên"),
        ("integer", "số nguyên"),
        ("float", "số thực"),
        ("string", "chuỗi"),
        (" or ", " hoặc "),
    ];
    // Words in backticks (the template's own text) are kept as they are.
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let mut part = part.to_string();
        for (en, vi) in WORDS {
            part = part.replace(en, vi);
        }
        out.push_str(&part);
    }
    out
}

/// A value a template asks for and does not have (`error: Field `titel` is not defined.
/// Available fields: a, b`).
fn unknown_value(e: &str, lang: Lang) -> Option<(String, Option<String>)> {
    const KINDS: [(&str, &str, &str, &str); 2] = [
        ("Field", "fields", "trường", "các trường có"),
        ("Variable", "variables", "biến", "các biến có"),
    ];
    KINDS
        .into_iter()
        .find_map(|(what, whats, vi_what, vi_whats)| {
            let (at, name, rest) = named(e, what)?;
            let rest = rest.strip_prefix(&format!(" is not defined. Available {whats}: "))?;
            let end = rest.find('\n').unwrap_or(rest.len());
            let list = &rest[..end];
            let meant = did_you_mean(name, list.split(", ")).map(str::to_string);
            let words = match lang {
                Lang::Vi => format!("không có {vi_what} `{name}`; {vi_whats}: {list}"),
                Lang::En => format!("{what} `{name}` is not defined; available {whats}: {list}"),
            };
            Some((format!("{}{words}{}", &e[..at], &rest[end..]), meant))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_filter_is_named_in_vietnamese_with_the_one_meant() {
        let e = "error: Unknown filter `uper`\n  --> page.html:1:20";
        let (w, meant) = words(e, Lang::Vi, &[]);
        assert_eq!(w, "không có bộ lọc `uper`\n  --> page.html:1:20");
        assert_eq!(meant.as_deref(), Some("upper"));
    }

    #[test]
    fn a_missing_template_suggests_the_site_s_templates() {
        let e = "error: Unknown template `partials/cards.html`\n  --> page.html:1:5";
        let (w, meant) = words(e, Lang::En, &["base.html", "partials/card.html"]);
        assert_eq!(
            w,
            "there is no template `partials/cards.html`\n  --> page.html:1:5"
        );
        assert_eq!(meant.as_deref(), Some("partials/card.html"));
    }

    #[test]
    fn a_syntax_error_says_what_was_expected_in_vietnamese() {
        let e = "error: Found `}` but expected }}.\n  --> page.html:1:59";
        let (w, _) = words(e, Lang::Vi, &[]);
        assert_eq!(w, "ở đây cần `}}` nhưng gặp `}`\n  --> page.html:1:59");
        assert_eq!(template(e), Some("page.html"));
    }

    #[test]
    fn the_kinds_of_token_are_named_in_vietnamese_and_the_template_s_text_kept() {
        let e = "error: Found identifier but expected `end`, a string, an integer or a bool.";
        let (w, _) = words(e, Lang::Vi, &[]);
        assert_eq!(
            w,
            "ở đây cần `end`, một chuỗi, một số nguyên hoặc true/false nhưng gặp một tên"
        );
    }

    #[test]
    fn text_outside_the_blocks_of_a_child_template_is_explained() {
        let e = "error: This content would be ignored: only `extends`, `block` and `component` \
                 are allowed at the top level of a child template.\n  --> page.html:1:26";
        let (w, _) = words(e, Lang::Vi, &[]);
        assert!(
            w.starts_with("nội dung này sẽ bị bỏ qua: một mẫu mở rộng mẫu khác")
                && w.ends_with("hãy đặt nó vào trong một khối\n  --> page.html:1:26"),
            "{w}"
        );
    }

    #[test]
    fn a_block_closed_with_another_name_says_how_to_close_it() {
        let e = "error: block was named `content` in the opening tag, found `main` as name in \
                 the end tag\n  --> page.html:1:60";
        let (w, _) = words(e, Lang::Vi, &[]);
        assert_eq!(
            w,
            "khối mở tên `content` nhưng thẻ đóng ghi `main`: sửa thành \
             `{% endblock content %}`\n  --> page.html:1:60"
        );
    }

    #[test]
    fn other_messages_keep_tera_s_words() {
        let e = "error: Cannot compare `string` with `map`\n  --> page.html:3:1";
        let (w, meant) = words(e, Lang::Vi, &[]);
        assert_eq!(w, "Cannot compare `string` with `map`\n  --> page.html:3:1");
        assert_eq!(meant, None);
    }
}
