-- The groups a mission change travels in, fixed when it is logged: a local change takes its mission's groups, a
-- received one the sending peer's inbound groups. A peer gets a change only if these meet its outbound groups,
-- as for CoT; a mission without groups stays local.
ALTER TABLE mission_change ADD COLUMN groups_json VARCHAR(65536) DEFAULT '[]' NOT NULL;
