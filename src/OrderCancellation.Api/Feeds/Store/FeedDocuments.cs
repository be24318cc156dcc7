using System.Security.Cryptography;

namespace OrderCancellation.Api.Feeds.Store;

/// <summary>Cuts a document into <see cref="FeedStore.ChunkSize"/> chunks as it is read.</summary>
public static class FeedDocuments
{
    public static FeedDocument FromBytes(byte[] bytes)
    {
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length; offset += FeedStore.ChunkSize)
        {
            chunks.Add(bytes.AsSpan(offset, Math.Min(FeedStore.ChunkSize, bytes.Length - offset)).ToArray());
        }

        return new FeedDocument(chunks, bytes.Length);
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> from <paramref name="body"/> (a chunked request has no
    /// Content-Length) with the SHA-256 of what was read; null when the body is longer.
    /// </summary>
    public static async Task<(FeedDocument Document, string Sha256)?> ReadAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunks = new List<byte[]>();
        long total = 0;
        while (true)
        {
            var chunk = new byte[FeedStore.ChunkSize];
            var filled = 0;
            int read;
            while (filled < chunk.Length && (read = await body.ReadAsync(chunk.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            if (filled == 0)
            {
                break;
            }

            total += filled;
            if (total > maxBytes)
            {
                return null;
            }

            hash.AppendData(chunk, 0, filled);
            chunks.Add(filled == chunk.Length ? chunk : chunk[..filled]);
            if (filled < chunk.Length)
            {
                break;
            }
        }

        return (new FeedDocument(chunks, total), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
