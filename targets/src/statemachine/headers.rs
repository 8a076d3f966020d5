//! The request headers an HTTP Task may not send (E858). The source is the
//! AWS Step Functions Developer Guide, "Call HTTPS APIs in Step Functions
//! workflows", its list of unsupported headers
//! (<https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html>):
//! a task that sends one fails with `States.Runtime`. The names are kept as
//! AWS spells them, for the messages; HTTP compares them ignoring case.

/// Headers refused by name.
const REFUSED_NAMES: [&str; 31] = [
    "A-IM",
    "Accept-Charset",
    "Accept-Datetime",
    "Accept-Encoding",
    "Cache-Control",
    "Connection",
    "Content-Encoding",
    "Content-MD5",
    "Date",
    "Expect",
    "Forwarded",
    "From",
    "Host",
    "HTTP2-Settings",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Max-Forwards",
    "Origin",
    "Pragma",
    "Proxy-Authorization",
    "Referer",
    "Server",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
    "Warning",
];

/// Headers refused by the start of their name (AWS writes `x-amz-*`).
const REFUSED_PREFIXES: [&str; 3] = ["x-forwarded-", "x-amz-", "x-amzn-"];

/// Which rule refuses a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// One of [`REFUSED_NAMES`], as AWS spells it.
    Name(&'static str),
    /// It starts with one of [`REFUSED_PREFIXES`].
    Prefix(&'static str),
}

impl Refused {
    /// The rule, in words, to end a sentence saying which header is sent.
    pub(crate) fn rule(self) -> String {
        match self {
            Refused::Name(name) => {
                format!("and Step Functions does not allow `{name}` in an HTTP Task")
            }
            Refused::Prefix(prefix) => format!(
                "and Step Functions allows no header starting with `{prefix}` in an HTTP Task"
            ),
        }
    }
}

/// Whether Step Functions refuses the header `name` in an HTTP Task.
pub(crate) fn refused(name: &str) -> Option<Refused> {
    if let Some(found) = REFUSED_NAMES
        .iter()
        .find(|refused| name.eq_ignore_ascii_case(refused))
    {
        return Some(Refused::Name(found));
    }
    REFUSED_PREFIXES
        .iter()
        .find(|prefix| {
            name.get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        })
        .map(|prefix| Refused::Prefix(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_ignoring_case() {
        assert_eq!(refused("Host"), Some(Refused::Name("Host")));
        assert_eq!(refused("host"), Some(Refused::Name("Host")));
        assert_eq!(refused("Te"), Some(Refused::Name("TE")));
        assert_eq!(refused("Content-Md5"), Some(Refused::Name("Content-MD5")));
        assert_eq!(
            refused("If-None-Match"),
            Some(Refused::Name("If-None-Match"))
        );
    }

    #[test]
    fn prefixes_are_compared_ignoring_case() {
        assert_eq!(refused("X-Amz-Date"), Some(Refused::Prefix("x-amz-")));
        assert_eq!(refused("X-Amzn-Trace-Id"), Some(Refused::Prefix("x-amzn-")));
        assert_eq!(
            refused("X-Forwarded-For"),
            Some(Refused::Prefix("x-forwarded-"))
        );
    }

    #[test]
    fn other_headers_are_allowed() {
        for allowed in [
            "Idempotency-Key",
            "Request-Source",
            "X-Amzdate",
            "Amz-Date",
            "X-Forwarded",
            "Hosts",
            "If",
            "Accept-Language",
            "Content-Length",
            "X-Äpi",
            "X-Amzé",
        ] {
            assert_eq!(refused(allowed), None, "{allowed}");
        }
    }
}
