//! An operator's role: viewer < operator < admin, each including the ones
//! below it. What each may do is the server's route table; the role itself
//! is domain data (stored with accounts and API keys).

use serde::{Deserialize, Serialize};

/// An operator's role; each includes the ones below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads dashboards: costs, guard counts, bots, members, audit-free reads.
    Viewer,
    /// Runs the community: rooms, bots, personas, pause and resume.
    Operator,
    /// Users, API keys, Telegram tokens, providers, settings, privacy, the audit log.
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Result<Role, String> {
        match s {
            "viewer" => Ok(Role::Viewer),
            "operator" => Ok(Role::Operator),
            "admin" => Ok(Role::Admin),
            other => Err(format!(
                "'{}' is not a role: use viewer, operator or admin",
                other.chars().take(40).collect::<String>()
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_order_by_power() {
        for r in [Role::Viewer, Role::Operator, Role::Admin] {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert!(Role::Viewer < Role::Operator && Role::Operator < Role::Admin);
        assert!(Role::parse("root").unwrap_err().contains("'root' is not a role"));
    }
}
