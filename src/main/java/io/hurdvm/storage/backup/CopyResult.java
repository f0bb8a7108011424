package io.hurdvm.storage.backup;

import java.util.List;

/**
 * What a copy did.
 *
 * @param copied          backups whose manifest this run wrote to the destination, parents first
 * @param alreadyThere    backups the destination already held with the same manifest (nothing sent)
 * @param filesSent       data files uploaded
 * @param filesReused     data files of an interrupted earlier copy found complete (size and SHA-256) and kept
 * @param authenticated   whether every manifest was authenticated with a key; false means hashes only
 */
public record CopyResult(String from, String to, List<String> copied, List<String> alreadyThere, int filesSent, int filesReused,
                         boolean authenticated, TransferSummary summary) {
    public CopyResult {
        copied = List.copyOf(copied);
        alreadyThere = List.copyOf(alreadyThere);
    }
}
