package dev.kintoj.storage;

/** The object does not exist in the list (or only as a tombstone). */
public class ObjectNotFoundException extends RuntimeException {
    public ObjectNotFoundException(String resource, String parentId, String id) {
        super(resource + " " + id + " not found in " + parentId, null, false, false);
    }
}
