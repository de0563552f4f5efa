//! The channels a message can come through. Each format names its own (a mail export `email`,
//! a chat export `chat`, a calendar `meeting`); a message CSV's `channel` column is read as
//! written, lowercased. `--channel` keeps some and `--weight` weighs them (graph stage).

/// E-mail (mbox, .eml, Graph mail, message traces, and a message CSV without a channel column).
pub const EMAIL: &str = "email";
/// Chat (Teams, Slack).
pub const CHAT: &str = "chat";
/// Meetings (calendar files).
pub const MEETING: &str = "meeting";
