package io.takfed.missions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A mission (Data Sync feed): federation knows it by name, as TAK's receive path does. */
@Entity
@Table(name = "mission")
@NamedQuery(name = Mission.BY_NAME, query = "select m from Mission m where m.name = :name")
public class Mission {

    static final String BY_NAME = "Mission.byName";
    /** The tool of a mission everyone may see, and the only one federated with federateOnlyPublicMissions on. */
    public static final String PUBLIC = "public";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 255)
    private String name;

    @Column(nullable = false, length = 64)
    private String guid;

    @Column(name = "creator_uid", length = 255)
    private String creatorUid;

    @Column(length = 2000)
    private String description;

    @Column(nullable = false, length = 64)
    private String tool;

    @Column(name = "chat_room", length = 255)
    private String chatRoom;

    @Column(name = "groups_json", nullable = false, length = 65536)
    private String groups = "[]";

    @Column(name = "origin_node", nullable = false, length = 255)
    private String originNode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "recency_seconds")
    private Long recencySeconds;

    public Long getRecencySeconds() {
        return recencySeconds;
    }

    public void setRecencySeconds(Long recencySeconds) {
        this.recencySeconds = recencySeconds;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getGuid() {
        return guid;
    }

    public void setGuid(String guid) {
        this.guid = guid;
    }

    public String getCreatorUid() {
        return creatorUid;
    }

    public void setCreatorUid(String creatorUid) {
        this.creatorUid = creatorUid;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getTool() {
        return tool;
    }

    public void setTool(String tool) {
        this.tool = tool;
    }

    public String getChatRoom() {
        return chatRoom;
    }

    public void setChatRoom(String chatRoom) {
        this.chatRoom = chatRoom;
    }

    public String getGroups() {
        return groups;
    }

    public void setGroups(String groups) {
        this.groups = groups;
    }

    public String getOriginNode() {
        return originNode;
    }

    public void setOriginNode(String originNode) {
        this.originNode = originNode;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }
}
