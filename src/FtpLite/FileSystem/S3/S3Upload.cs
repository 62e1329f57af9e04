using System.Buffers;
using Amazon.S3.Model;

namespace FtpLite.FileSystem.S3;

/// <summary>
/// An upload to S3: the bytes fill a part buffer; a full part goes to the store (a multipart upload, started
/// with the first full part) while the next fills, with at most <see cref="S3FileSystemOptions.PartsInFlight"/>
/// parts on their way, so an upload of any size holds at most (PartsInFlight + 1) parts in memory. Commit sends
/// the last part and completes the multipart upload (or, for a file that fits in one part, makes one PUT), so
/// the object appears whole or not at all. Disposed uncommitted, it aborts the multipart upload, leaving no parts.
/// </summary>
internal sealed class S3Upload : IFtpUpload
{
    /// <summary>The first buffer's size: small files never rent a whole part.</summary>
    private const int FirstBufferSize = 64 * 1024;

    /// <summary>Parts of the base size before the part size doubles (S3 allows 10,000 parts).</summary>
    private const int PartsPerSize = 1000;

    /// <summary>The largest part this upload makes, whatever the number of parts.</summary>
    private const int MaxPartSize = 512 * 1024 * 1024;

    private readonly S3FileSystem _owner;
    private readonly string _path;
    private readonly string _key;
    private IDisposable? _hold;
    private readonly List<PartETag> _parts = [];
    private readonly Queue<Task<PartETag>> _inFlight = new();
    private byte[] _buffer = [];
    private int _filled;
    private int _nextPart = 1;
    private long _length;
    private string? _uploadId;
    private bool _committed;
    private bool _disposed;

    public S3Upload(S3FileSystem owner, string path, string key, IDisposable? hold)
    {
        _owner = owner;
        _path = path;
        _key = key;
        _hold = hold;
        Stream = new S3UploadStream(this);
    }

    public Stream Stream { get; }

    /// <summary>Complete only if no object exists under the key yet (If-None-Match: *): the upload creates its file.</summary>
    public bool CreateOnly { get; set; }

    /// <summary>
    /// Starts from the first <paramref name="length"/> bytes of the existing object (version <paramref name="eTag"/>):
    /// copied inside the store when they fill a part, read into the first part when they are less than 5 MiB.
    /// </summary>
    public async Task KeepAsync(long length, string? eTag, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return;
        }

        if (length >= S3FileSystemOptions.MinimumPartSize)
        {
            await StartMultipartAsync(cancellationToken).ConfigureAwait(false);
            var copied = await new S3ObjectCopy(_owner).CopyPartsAsync(_uploadId!, _key, _key, eTag, length, _nextPart, cancellationToken).ConfigureAwait(false);
            _parts.AddRange(copied);
            _nextPart += copied.Count;
            _length = length;
            return;
        }

        using var response = await _owner.Client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _owner.Bucket,
            Key = _key,
            ByteRange = new ByteRange(0, length - 1),
            EtagToMatch = eTag,
        }, cancellationToken).ConfigureAwait(false);
        Grow((int)length);
        await response.ResponseStream.ReadExactlyAsync(_buffer.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
        _filled = (int)length;
        _length = length;
    }

    /// <summary>
    /// Makes the file appear. The request that does it (the PUT, or the completion of the multipart upload) is
    /// never cancelled once sent: the store may carry it out whether or not its answer is read, and a commit
    /// reported cancelled (426) must not leave the file there. An ABOR that comes meanwhile finds the transfer
    /// finished (226), as one that came just after it would.
    /// </summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            string? eTag;
            if (_uploadId is null)
            {
                var request = new InMemory.PutObjectRequest
                {
                    BucketName = _owner.Bucket,
                    Key = _key,
                    InputStream = new MemoryStream(_buffer, 0, _filled, writable: false),
                    AutoCloseStream = false,
                };
                if (CreateOnly)
                {
                    request.IfNoneMatch = "*";
                }

                cancellationToken.ThrowIfCancellationRequested();
                eTag = (await _owner.Client.PutObjectAsync(request, CancellationToken.None).ConfigureAwait(false)).ETag;
            }
            else
            {
                if (_filled > 0)
                {
                    await SendPartAsync(cancellationToken).ConfigureAwait(false);
                }

                while (_inFlight.Count > 0)
                {
                    _parts.Add(await _inFlight.Dequeue().ConfigureAwait(false));
                }

                var complete = new CompleteMultipartUploadRequest { BucketName = _owner.Bucket, Key = _key, UploadId = _uploadId, PartETags = _parts };
                if (CreateOnly)
                {
                    complete.IfNoneMatch = "*";
                }

                cancellationToken.ThrowIfCancellationRequested();
                eTag = (await _owner.Client.CompleteMultipartUploadAsync(complete, CancellationToken.None).ConfigureAwait(false)).ETag;
            }

            _committed = true;
            _owner.Uploaded(_path, _key, eTag, _length);

            // The server may keep a committed upload open a while (until it knows the client read the 226);
            // the next append to the file need not wait for that. S3 cannot take a commit back (RevertAsync's default).
            _hold?.Dispose();
            _hold = null;
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, _path) is { } translated)
        {
            throw translated;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            while (_inFlight.Count > 0)
            {
                try
                {
                    await _inFlight.Dequeue().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A failed part of an upload being thrown away: the abort below removes whatever was stored.
                }
            }

            if (!_committed && _uploadId is not null)
            {
                await S3ObjectCopy.AbortAsync(_owner, _key, _uploadId).ConfigureAwait(false);
            }
        }
        finally
        {
            Return(_buffer);
            _buffer = [];
            _hold?.Dispose();
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            while (data.Length > 0)
            {
                var partSize = PartSize(_nextPart);
                if (_filled == partSize)
                {
                    await SendPartAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var take = Math.Min(data.Length, partSize - _filled);
                Grow(_filled + take);
                data.Span[..take].CopyTo(_buffer.AsSpan(_filled));
                _filled += take;
                _length += take;
                data = data[take..];
            }
        }
        catch (Exception ex) when (S3ErrorTranslation.Translate(ex, _path) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Sends the buffer as the next part, once fewer than PartsInFlight are on their way.</summary>
    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        await StartMultipartAsync(cancellationToken).ConfigureAwait(false);
        while (_inFlight.Count >= _owner.Options.PartsInFlight)
        {
            _parts.Add(await _inFlight.Dequeue().ConfigureAwait(false));
        }

        var buffer = _buffer;
        var length = _filled;
        var number = _nextPart++;
        _buffer = [];
        _filled = 0;
        _inFlight.Enqueue(UploadPartAsync(buffer, length, number, cancellationToken));
    }

    private async Task<PartETag> UploadPartAsync(byte[] buffer, int length, int number, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _owner.Client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _owner.Bucket,
                Key = _key,
                UploadId = _uploadId,
                PartNumber = number,
                InputStream = new MemoryStream(buffer, 0, length, writable: false),
                PartSize = length,
            }, cancellationToken).ConfigureAwait(false);
            return new PartETag(number, response.ETag);
        }
        finally
        {
            Return(buffer);
        }
    }

    /// <summary>
    /// Starts the multipart upload. Its request is never cancelled once sent: the store may have made the upload
    /// whether or not its answer is read, and only the id in that answer lets <see cref="DisposeAsync"/> abort it.
    /// An ABOR (or a client leaving) then cancels the upload at the next part, and nothing is left in the store.
    /// </summary>
    private async Task StartMultipartAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is not null)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        _uploadId = (await _owner.Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _owner.Bucket, Key = _key }, CancellationToken.None)
            .ConfigureAwait(false)).UploadId;
        cancellationToken.ThrowIfCancellationRequested();
    }

    private int PartSize(int partNumber) =>
        (int)Math.Min(MaxPartSize, (long)_owner.Options.PartSize << Math.Min(16, (partNumber - 1) / PartsPerSize));

    /// <summary>Makes the buffer hold at least <paramref name="needed"/> bytes, doubling up to a part.</summary>
    private void Grow(int needed)
    {
        if (_buffer.Length >= needed)
        {
            return;
        }

        // Once parts go out, every buffer is a whole part; until then (a file that may be small) it doubles.
        var size = _uploadId is null ? Math.Max(FirstBufferSize, _buffer.Length) : PartSize(_nextPart);
        while (size < needed)
        {
            size *= 2;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(size, Math.Max(needed, PartSize(_nextPart))));
        _buffer.AsSpan(0, _filled).CopyTo(larger);
        Return(_buffer);
        _buffer = larger;
    }

    private static void Return(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The write side the server sees.</summary>
    private sealed class S3UploadStream(S3Upload upload) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => upload.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            upload.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            upload.WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
