package io.takfed.missions;

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
 * One item of a mission: a CoT uid or a file hash. Added or removed, never changed; immutable to Hibernate, so that
 * the flush before each query of a transaction that added thousands skips them instead of comparing each.
 */
@Entity
@Table(name = "mission_content")
@Immutable
public class MissionContent {

    public static final String UID = "uid";
    public static final String HASH = "hash";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mission_content_seq")
    @SequenceGenerator(name = "mission_content_seq", sequenceName = "mission_content_seq",
            allocationSize = V13__Change_log_key_blocks.BLOCK)
    private Long id;

    @Column(name = "mission_id", nullable = false)
    private long missionId;

    @Column(nullable = false, length = 8)
    private String kind;

    @Column(nullable = false, length = 255)
    private String item;

    @Column(name = "creator_uid", length = 255)
    private String creatorUid;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected MissionContent() {
    }

    MissionContent(long missionId, String kind, String item, String creatorUid, Instant addedAt) {
        this.missionId = missionId;
        this.kind = kind;
        this.item = item;
        this.creatorUid = creatorUid;
        this.addedAt = addedAt;
    }

    public String getKind() {
        return kind;
    }

    public String getItem() {
        return item;
    }

    public String getCreatorUid() {
        return creatorUid;
    }

    public Instant getAddedAt() {
        return addedAt;
    }
}
