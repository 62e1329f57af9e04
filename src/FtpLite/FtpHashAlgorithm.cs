using System.Security.Cryptography;

namespace FtpLite;

/// <summary>The hash algorithms of the FTP HASH command (draft-bryan-ftpext-hash).</summary>
public enum FtpHashAlgorithm
{
    /// <summary>SHA-256, the default.</summary>
    SHA256,

    /// <summary>SHA-1.</summary>
    SHA1,

    /// <summary>MD5.</summary>
    MD5,

    /// <summary>CRC-32.</summary>
    CRC32,
}

/// <summary>Names and implementations of <see cref="FtpHashAlgorithm"/>.</summary>
public static class FtpHashAlgorithms
{
    /// <summary>The name on the wire: SHA-256, SHA-1, MD5, CRC32.</summary>
    public static string WireName(this FtpHashAlgorithm algorithm) => algorithm switch
    {
        FtpHashAlgorithm.SHA256 => "SHA-256",
        FtpHashAlgorithm.SHA1 => "SHA-1",
        FtpHashAlgorithm.MD5 => "MD5",
        _ => "CRC32",
    };

    /// <summary>Reads a wire name (case-insensitive, with or without the dash).</summary>
    public static bool TryParse(string name, out FtpHashAlgorithm algorithm)
    {
        switch (name.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
        {
            case "SHA256": algorithm = FtpHashAlgorithm.SHA256; return true;
            case "SHA1": algorithm = FtpHashAlgorithm.SHA1; return true;
            case "MD5": algorithm = FtpHashAlgorithm.MD5; return true;
            case "CRC32": algorithm = FtpHashAlgorithm.CRC32; return true;
            default: algorithm = default; return false;
        }
    }

    /// <summary>A fresh hasher for the algorithm.</summary>
#pragma warning disable CA5350, CA5351 // SHA-1 and MD5 are what peers ask for; they check integrity, not authenticity.
    internal static HashAlgorithm Create(FtpHashAlgorithm algorithm) => algorithm switch
    {
        FtpHashAlgorithm.SHA256 => SHA256.Create(),
        FtpHashAlgorithm.SHA1 => SHA1.Create(),
        FtpHashAlgorithm.MD5 => MD5.Create(),
        _ => new IO.Crc32(),
    };
#pragma warning restore CA5350, CA5351

    /// <summary>Hashes a stream from its position for <paramref name="count"/> bytes (all when null); upper-case hex.</summary>
    public static async Task<string> ComputeAsync(FtpHashAlgorithm algorithm, Stream stream, long? count, CancellationToken cancellationToken)
    {
        using var hasher = Create(algorithm);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            var left = count ?? long.MaxValue;
            while (left > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                hasher.TransformBlock(buffer, 0, read, null, 0);
                left -= read;
            }

            hasher.TransformFinalBlock([], 0, 0);
            return Convert.ToHexString(hasher.Hash!);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
