package io.hurdvm.storage.backup;

/** Object keys inside a target: {@code <instance>/<id>/<file>}, with {@code manifest.json} beside the data. */
final class BackupLayout {
    static final String MANIFEST = "manifest.json";

    private BackupLayout() {
    }

    static String instancePrefix(String instance) {
        return instance + "/";
    }

    static String dir(String instance, BackupId id) {
        return instance + "/" + id.value() + "/";
    }

    static String key(String instance, BackupId id, String file) {
        return dir(instance, id) + file;
    }
}
