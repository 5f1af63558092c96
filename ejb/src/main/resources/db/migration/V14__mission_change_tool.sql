-- The tool of a change's mission when it was logged ("public" or another), which TAK's federateOnlyPublicMissions
-- gate reads (spec 6.2): kept with the change because a deleted mission's changes, its delete included, still go
-- out after the mission row is gone. Null for changes of no mission (files, package announcements). Changes logged
-- before take their mission's tool now; those of a mission deleted since stay null, which the gate treats as not
-- public.
ALTER TABLE mission_change ADD COLUMN mission_tool VARCHAR(64);
UPDATE mission_change SET mission_tool = (SELECT m.tool FROM mission m WHERE m.name = mission_change.mission_name)
    WHERE change_type IN ('CREATE_MISSION', 'DELETE_MISSION', 'ADD_CONTENT', 'REMOVE_CONTENT');
