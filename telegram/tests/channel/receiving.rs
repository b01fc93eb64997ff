//! Receiving: long polling (409), webhooks (secret), people's messages
//! answered in thread by the right bot, commands, profiles.
