package io.takfed.missions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A file missions refer to by its SHA-256; stored once, whatever number of missions list it. */
@Entity
@Table(name = "mission_resource")
public class MissionResource {

    @Id
    @Column(length = 64)
    private String hash;

    @Column(nullable = false, length = 255)
    private String filename;

    @Column(name = "mime_type", nullable = false, length = 255)
    private String mimeType;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(nullable = false)
    private byte[] data;

    @Column(length = 255)
    private String submitter;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected MissionResource() {
    }

    MissionResource(String hash, String filename, String mimeType, byte[] data, String submitter, Instant createdAt) {
        this.hash = hash;
        this.filename = filename;
        this.mimeType = mimeType;
        this.size = data.length;
        this.data = data.clone();
        this.submitter = submitter;
        this.createdAt = createdAt;
    }

    public String getHash() {
        return hash;
    }

    public String getFilename() {
        return filename;
    }

    public String getMimeType() {
        return mimeType;
    }

    public long getSize() {
        return size;
    }

    public byte[] getData() {
        return data.clone();
    }

    public String getSubmitter() {
        return submitter;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
