using Amazon.S3.Model;
using FtpLite.IO;

namespace FtpLite.FileSystem.S3;

/// <summary>A GET's body, read as the client takes it; disposing it ends the request.</summary>
internal sealed class S3DownloadStream(GetObjectResponse response) : PassThroughStream(response.ResponseStream)
{
    public override bool CanWrite => false;

    public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Inner.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
