<#
    FTPS through the cmdlets: a server with a .pfx certificate (explicit and implicit, -RequireTls), and clients
    that validate, pin or (only when told) skip the certificate.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    # A throwaway self-signed certificate for 127.0.0.1, as a password-protected .pfx.
    $key = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=localhost', $key,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $names = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    $names.AddIpAddress([System.Net.IPAddress]::Loopback)
    $request.CertificateExtensions.Add($names.Build())
    $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(2))
    $pfxFolder = New-TestFolder -Prefix 'ftplite-ftps-cert'
    $pfx = Join-Path $pfxFolder 'server.pfx'
    $pfxPassword = ConvertTo-SecureString 'pfx-pass-123' -AsPlainText -Force
    [IO.File]::WriteAllBytes($pfx, $certificate.Export('Pfx', 'pfx-pass-123'))
    $thumbprint = $certificate.Thumbprint

    $serverRoot = New-TestFolder -Prefix 'ftplite-ftps-server'
    $user = New-TestCredential -UserName 'tls-user' -Password 'tls-pass-456'
    $server = Start-FtpLiteServer -Root $serverRoot -Port 0 -ImplicitTlsPort 0 -Credential $user -Certificate $pfx -CertificatePassword $pfxPassword -RequireTls
    $local = New-TestFolder -Prefix 'ftplite-ftps-local'
    $bytes = New-TestBytes -Length 700000 -Seed 3
    [IO.File]::WriteAllBytes((Join-Path $local 'secret.bin'), $bytes)
}

AfterAll {
    Clear-FtpLiteTestState
    $server | Stop-FtpLiteServer
}

Describe 'FTPS with the cmdlets' {
    It 'the server shows TLS and its implicit port' {
        $server.TlsEnabled | Should -BeTrue
        $server.ImplicitTlsPort | Should -BeGreaterThan 0
    }

    It 'round-trips over explicit TLS with a pinned certificate' {
        $session = Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -CertificateThumbprint $thumbprint -ErrorAction Stop
        $session.Encrypted | Should -BeTrue
        $null = Send-FtpLiteFile -LiteralPath (Join-Path $local 'secret.bin') -Destination /explicit.bin -ErrorAction Stop
        $file = Receive-FtpLiteFile /explicit.bin -Destination (Join-Path $local 'back-explicit.bin') -ErrorAction Stop
        Get-TestFileHash $file.FullName | Should -Be (Get-TestFileHash (Join-Path $local 'secret.bin'))
        $session | Disconnect-FtpLite
    }

    It 'round-trips over implicit TLS with -SkipCertificateCheck' {
        $session = Connect-FtpLite -Port $server.ImplicitTlsPort -Credential $user -Encryption Implicit -SkipCertificateCheck -ErrorAction Stop
        $null = Send-FtpLiteFile -LiteralPath (Join-Path $local 'secret.bin') -Destination /implicit.bin -ErrorAction Stop
        (Get-FtpLiteItem /implicit.bin).Length | Should -Be 700000
        $session | Disconnect-FtpLite
    }

    It 'refuses a self-signed certificate by default, and a wrong pin: FtpLite.TlsFailed' {
        Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.TlsFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -CertificateThumbprint ('0' * 40) -ErrorAction SilentlyContinue -ErrorVariable pinFailures
        $pinFailures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.TlsFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        @(Get-FtpLiteSession) | Should -HaveCount 0
    }

    It 'names an untrusted certificate by its thumbprint, and the parameters that accept it' {
        Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.TlsFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        $sha256 = $certificate.GetCertHashString([System.Security.Cryptography.HashAlgorithmName]::SHA256)
        $message = $failures[0].Exception.Message
        $message | Should -BeLike "*not trusted*"
        $message | Should -BeLike "*self-signed*"
        $message | Should -BeLike "*-CertificateThumbprint $sha256*"
        $message | Should -BeLike '*-SkipCertificateCheck*'

        # The thumbprint the message names is the one that works.
        $session = Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -CertificateThumbprint $sha256 -ErrorAction Stop
        $session.Encrypted | Should -BeTrue
        $session | Disconnect-FtpLite
    }

    It 'says a wrong pin is not the thumbprint given' {
        Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -CertificateThumbprint ('0' * 40) -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.TlsFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        $failures[0].Exception.Message | Should -BeLike '*not the one given to -CertificateThumbprint*'
    }

    It 'implicit TLS against the explicit port says to use -Encryption Explicit' {
        Connect-FtpLite -Port $server.Port -Credential $user -Encryption Implicit -SkipCertificateCheck -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.TlsFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        $failures[0].Exception.Message | Should -BeLike "*127.0.0.1:$($server.Port) is a plain FTP port*-Encryption Explicit*"
        $failures[0].Exception.Message | Should -Not -BeLike '*frame*'
    }

    It 'explicit TLS against the implicit port says to use -Encryption Implicit' {
        Connect-FtpLite -Port $server.ImplicitTlsPort -Credential $user -Encryption Explicit -SkipCertificateCheck -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NoGreeting,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        $failures[0].Exception.Message | Should -BeLike '*no FTP greeting*-Encryption Implicit*'
    }

    It '-RequireTls refuses a plain login: FtpLite.LoginFailed' {
        Connect-FtpLite -Port $server.Port -Credential $user -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
    }

    It 'a wrong .pfx password is FtpLite.InvalidCertificate, and -RequireTls without a certificate FtpLite.CertificateRequired' {
        Start-FtpLiteServer -Root $serverRoot -Port 0 -Certificate $pfx -CertificatePassword (ConvertTo-SecureString 'wrong' -AsPlainText -Force) -ErrorAction SilentlyContinue -ErrorVariable badPassword
        $badPassword[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidCertificate,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        Start-FtpLiteServer -Root $serverRoot -Port 0 -RequireTls -ErrorAction SilentlyContinue -ErrorVariable noCertificate
        $noCertificate[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.CertificateRequired,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        $noCertificate[0].Exception.Message | Should -BeLike 'Requiring TLS needs a certificate*give the server a TLS certificate with its private key*'
    }

    It 'a certificate without its private key is FtpLite.InvalidCertificate, naming its thumbprint, even under -WhatIf' {
        $keyless = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certificate.Export('Cert'))
        $keyless.HasPrivateKey | Should -BeFalse
        Start-FtpLiteServer -Root $serverRoot -Port 0 -Certificate $keyless -WhatIf -ErrorAction SilentlyContinue -ErrorVariable keyMissing
        $keyMissing | Should -HaveCount 1
        $keyMissing[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.InvalidCertificate,FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
        $keyMissing[0].Exception.Message | Should -BeLike "*$thumbprint*has no private key*Give it together with its key*"
    }
}
