namespace FtpLite.Server;

/// <summary>The reply codes the server sends, by name (as vsftpd's ftpcodes.h; RFC 959 4.2, 2228, 2428, 3659, 4217).</summary>
internal static class FtpReplyCode
{
    public const int DataConnectionOpening = 150;
    public const int Ok = 200;
    public const int NotImplementedSuperfluous = 202;
    public const int SystemStatus = 211;
    public const int FileStatus = 213;
    public const int Help = 214;
    public const int SystemType = 215;
    public const int ServiceReady = 220;
    public const int Goodbye = 221;
    public const int AbortNoTransfer = 225;
    public const int TransferComplete = 226;
    public const int EnteringPassiveMode = 227;
    public const int EnteringExtendedPassiveMode = 229;
    public const int LoggedIn = 230;
    public const int SecurityExchangeOk = 234;
    public const int FileActionOk = 250;
    public const int PathCreated = 257;
    public const int NeedPassword = 331;
    public const int PendingFurtherInformation = 350;
    public const int ServiceNotAvailable = 421;
    public const int CannotOpenDataConnection = 425;
    public const int TransferAborted = 426;
    public const int LocalError = 451;
    public const int InsufficientStorage = 452;
    public const int SyntaxError = 500;
    public const int SyntaxErrorInArguments = 501;
    public const int NotImplemented = 502;
    public const int BadSequence = 503;
    public const int NotImplementedForParameter = 504;
    public const int ProtectionRequired = 521;
    public const int TlsRequired = 522;
    /// <summary>RFC 2428's use of 522 (EPRT/EPSV with an unknown protocol family); the same number, as in ftpcodes.h.</summary>
    public const int NetworkProtocolNotSupported = 522;
    public const int NotLoggedIn = 530;
    public const int PolicyRefused = 534;
    public const int FileUnavailable = 550;
    public const int FileNameNotAllowed = 553;
    public const int RestartInvalid = 554;
    public const int RangeInvalid = 556;
}
