use super::*;

#[test]
fn person_ids_name_a_channel_and_bad_ones_say_what_is_wrong() {
    assert_eq!(PersonId::parse("web:Ayşe").unwrap().as_str(), "web:Ayşe");
    assert!(PersonId::parse("tg:123456").is_ok());
    for bad in ["Ayşe", "web:", ":x", " web:x", "WEB:x", &format!("web:{}", "x".repeat(200))] {
        let e = PersonId::parse(bad).unwrap_err();
        assert!(e.contains("not a person id"), "{e}");
    }
}

#[test]
fn privacy_settings_are_validated_by_key() {
    PrivacySettings::default().validate().unwrap();
    let e = PrivacySettings { retention_days: 0, ..Default::default() }.validate().unwrap_err().to_string();
    assert!(e.starts_with("privacy.retention_days"), "{e}");
    let e = PrivacySettings { purge_interval_minutes: 0, ..Default::default() }.validate().unwrap_err().to_string();
    assert!(e.starts_with("privacy.purge_interval_minutes"), "{e}");
}
