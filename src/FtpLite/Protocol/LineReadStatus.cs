namespace FtpLite.Protocol;

/// <summary>What one call to read a control-connection line produced.</summary>
internal enum LineReadStatus
{
    Line,
    TooLong,
    EndOfStream,
}
