@{
    RootModule           = 'FtpLite.PowerShell.dll'
    # The one place the version is kept: the build reads it into the assemblies (Directory.Build.props), and
    # build.ps1 -Task Package into the package, with the notes of its CHANGELOG.md section as ReleaseNotes.
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = 'bb84e0f2-d880-4db8-ac05-b76385ed7ffb'
    Author               = 'FtpLite contributors'
    CompanyName          = 'FtpLite'
    Copyright            = '(c) FtpLite contributors. MIT License.'
    Description          = 'FTP and FTPS for PowerShell: client cmdlets that pipe objects (Connect, Send, Get, Receive, Remove, Disconnect, with progress, resume, hash verification and recursion) and an FTP server (Start-FtpLiteServer), over standard FTP (RFC 959, 2228/4217, 2428, 3659).'
    PowerShellVersion    = '7.6'
    FormatsToProcess     = @('FtpLite.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Connect-FtpLite'
        'Disconnect-FtpLite'
        'Get-FtpLiteSession'
        'Send-FtpLiteFile'
        'Get-FtpLiteItem'
        'Receive-FtpLiteFile'
        'Remove-FtpLiteItem'
        'New-FtpLiteDirectory'
        'Rename-FtpLiteItem'
        'Get-FtpLiteFileHash'
        'Start-FtpLiteServer'
        'Stop-FtpLiteServer'
        'Get-FtpLiteServer'
        'Sync-FtpLiteItem'
        'New-FtpLiteAccount'
        'Get-FtpLiteAccount'
        'Set-FtpLiteAccount'
        'Remove-FtpLiteAccount'
        'Stop-FtpLiteServerSession'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('FTP', 'FTPS', 'FileTransfer', 'FTPServer', 'Transfer', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            # No ProjectUri or LicenseUri until the repository has a public address: a package says nothing untrue.
            # The license travels inside the package (LICENSE). Once public, add both here, and only here:
            #   ProjectUri = 'https://<host>/<owner>/FtpLite'
            #   LicenseUri = 'https://<host>/<owner>/FtpLite/blob/main/LICENSE'
        }
    }
}
