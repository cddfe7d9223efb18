//! Splitting a Markdown file into its `+++` TOML front matter and its body.

/// A content file split in two; offsets are byte positions in the whole file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `+++` line.
    NoOpening,
    /// No closing `+++` line; the offset of the opening one.
    NoClosing,
}

/// Expects text already normalised (LF, no BOM). Leading blank lines are allowed.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let trimmed_start = text.len() - text.trim_start_matches(['\n', ' ', '\t']).len();
    let rest = &text[trimmed_start..];
    let first_line_end = rest.find('\n').unwrap_or(rest.len());
    if rest[..first_line_end].trim_end() != "+++" {
        return Err(SplitError::NoOpening);
    }
    let front_offset = trimmed_start + (first_line_end + 1).min(rest.len());
    let mut pos = front_offset;
    while pos <= text.len() {
        let line_end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if text[pos..line_end].trim_end() == "+++" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split {
                front: &text[front_offset..pos],
                front_offset,
                body: &text[body_start..],
            });
        }
        if line_end >= text.len() {
            break;
        }
        pos = line_end + 1;
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.front_offset, 4);
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn accepts_empty_body_and_no_final_newline() {
        let s = split("+++\na = 1\n+++").unwrap();
        assert_eq!(s.front, "a = 1\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn refuses_missing_delimiters() {
        assert_eq!(split("title = 1\n"), Err(SplitError::NoOpening));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::NoClosing));
        assert_eq!(split(""), Err(SplitError::NoOpening));
    }

    #[test]
    fn a_plus_line_inside_a_string_still_closes() {
        // Documented limit: the first `+++` line closes the block, as in Zola.
        let s = split("+++\na = \"\"\"\n+++\n\"\"\"\n+++\n").unwrap();
        assert_eq!(s.front, "a = \"\"\"\n");
    }
}
