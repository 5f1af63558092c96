-- No query reads the change log by mission name: delivery, status counts and the API read it by sequence. The
-- index cost every logged change an extra B-tree insert (and, in H2, its share of each commit's pages).
DROP INDEX ix_mission_change_mission;
