package io.takfed.missions;

import io.takfed.persistence.ChangeKeyPrefix;
import io.takfed.persistence.V13__Change_log_key_blocks;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * One entry of the change log. Never updated: a peer's delivery position is a sequence number into this log, so
 * the log needs no row per peer per change. Immutable to Hibernate too, so that a flush does not compare the
 * entries a transaction logged.
 */
@Entity
@Table(name = "mission_change")
@Immutable
public class MissionChange {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mission_change_seq")
    @SequenceGenerator(name = "mission_change_seq", sequenceName = "mission_change_seq",
            allocationSize = V13__Change_log_key_blocks.BLOCK)
    private Long seq;

    @Column(name = "change_type", nullable = false, length = 32, updatable = false)
    private String changeType;

    @Column(name = "mission_name", nullable = false, length = 255, updatable = false)
    private String missionName;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(name = "origin_node", nullable = false, length = 255, updatable = false)
    private String originNode;

    @Column(name = "origin_peer_id", updatable = false)
    private Long originPeerId;

    @Column(name = "change_key", nullable = false, length = 64, updatable = false)
    private String changeKey;

    /** What "applied before?" looks up: see {@link ChangeKeyPrefix}. */
    @Column(name = "key_prefix", updatable = false)
    private Long keyPrefix;

    @Column(name = "provenance_json", nullable = false, length = 4000, updatable = false)
    private String provenance;

    @Column(nullable = false, length = 1_048_576, updatable = false)
    private String program;

    @Column(name = "resource_hash", length = 64, updatable = false)
    private String resourceHash;

    @Column(name = "groups_json", nullable = false, length = 65536, updatable = false)
    private String groups = "[]";

    /** The mission's tool when this was logged; null for a change of no mission. See {@link #isOfPublicMission}. */
    @Column(name = "mission_tool", length = 64, updatable = false)
    private String missionTool;

    protected MissionChange() {
    }

    MissionChange(ChangeType type, String missionName, Instant occurredAt, String originNode, Long originPeerId,
                  String changeKey, Long keyPrefix, String provenance, String program, String resourceHash,
                  String groups, String missionTool) {
        this.groups = groups;
        this.missionTool = missionTool;
        this.changeType = type.name();
        this.missionName = missionName;
        this.occurredAt = occurredAt;
        this.originNode = originNode;
        this.originPeerId = originPeerId;
        this.changeKey = changeKey;
        this.keyPrefix = keyPrefix;
        this.provenance = provenance;
        this.program = program;
        this.resourceHash = resourceHash;
    }

    public Long getSeq() {
        return seq;
    }

    public String getChangeType() {
        return changeType;
    }

    public String getMissionName() {
        return missionName;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getOriginNode() {
        return originNode;
    }

    public Long getOriginPeerId() {
        return originPeerId;
    }

    public String getChangeKey() {
        return changeKey;
    }

    public String getProvenance() {
        return provenance;
    }

    public String getProgram() {
        return program;
    }

    public String getResourceHash() {
        return resourceHash;
    }

    public String getGroups() {
        return groups;
    }

    public String getMissionTool() {
        return missionTool;
    }

    /**
     * Whether TAK's federateOnlyPublicMissions lets the change through: a change of no mission (a file, a package
     * announcement) always, a mission's only when its tool was "public".
     */
    public static boolean isOfPublicMission(String missionName, String missionTool) {
        return missionName == null || missionName.isEmpty() || Mission.PUBLIC.equals(missionTool);
    }
}
