package io.loadproof.model;

/** Where the documents live, as in the original assessment. */
public final class MongoNames {

    public static final String DATABASE = "assessmentdb";
    public static final String COLLECTION = "records";

    /** Field names of a stored document. */
    public static final String ID = "_id";
    public static final String TYPE = "type";
    public static final String INDEX = "index";
    public static final String PAYLOAD = "payload";
    public static final String TIMESTAMP = "timestamp";

    /** The value of {@link #TYPE} for every document written through the queue. */
    public static final String WRITE_TYPE = "write";

    private MongoNames() {
    }
}
