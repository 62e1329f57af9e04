@{
    RootModule           = 'FtpLite.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = 'bb84e0f2-d880-4db8-ac05-b76385ed7ffb'
    Author               = 'FtpLite contributors'
    CompanyName          = 'FtpLite'
    Copyright            = '(c) FtpLite contributors. MIT License.'
    Description          = 'FTP client cmdlets and an FTP server for PowerShell, over standard FTP (RFC 959, 2428, 3659): Connect, Send, Get, Receive, Remove, Disconnect, and Start-FtpLiteServer.'
    PowerShellVersion    = '7.6'
    FormatsToProcess     = @('FtpLite.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-FtpLite'
        'Disconnect-FtpLite'
        'Send-FtpLiteFile'
        'Get-FtpLiteItem'
        'Receive-FtpLiteFile'
        'Remove-FtpLiteItem'
        'Start-FtpLiteServer'
        'Stop-FtpLiteServer'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('FTP', 'FileTransfer', 'FTPServer', 'Transfer', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri = 'https://example.invalid/ftplite/LICENSE'
            ProjectUri = 'https://example.invalid/ftplite'
        }
    }
}
