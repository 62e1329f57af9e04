<#
    Start-FtpLiteServer -ConfigurationPath: a PowerShell data file whose keys are the cmdlet's parameter names.
    Values are bound as parameters are (conversion, validation), the command line wins, and every bad file stops
    start-up with an error naming the setting, the file and the line. Nothing in a file ever runs.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $folder = New-TestFolder -Prefix 'ftplite-config'
    $root = New-TestFolder -Prefix 'ftplite-config-root'
    $null = New-TestFile -Path (Join-Path $root 'served.bin') -Length 5000 -Seed 4

    function New-ConfigurationFile([string] $Text) {
        $path = Join-Path $folder ("server-" + [guid]::NewGuid().ToString('n').Substring(0, 8) + '.psd1')
        Set-Content -LiteralPath $path -Value $Text -NoNewline
        $path
    }

    # Starts a server from a file, expecting it to refuse; returns the one error.
    function Get-ConfigurationError([string] $Path) {
        $result = Start-FtpLiteServer -ConfigurationPath $Path -ErrorAction SilentlyContinue -ErrorVariable failures
        $result | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0]
    }

    $cmdlet = 'FtpLite.PowerShell.Cmdlets.StartFtpLiteServerCommand'
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Start-FtpLiteServer -ConfigurationPath' {
    AfterEach {
        Disconnect-AllFtpLite
        Get-FtpLiteServer | Stop-FtpLiteServer
    }

    It 'starts the server the file describes, converting values as parameter binding does' {
        $log = Join-Path $folder 'from-config.jsonl'
        $path = New-ConfigurationFile @"
# A whole deployment in one file.
@{
    Root                = '$root'
    Address             = '127.0.0.1'
    Port                = 0
    MaxConnections      = '42'          # a string, converted to Int32
    PassivePortRange    = 50200, 50260
    IdleTimeoutSec      = 120
    LoginBanThreshold   = 0
    AllowAnonymous      = `$true
    LogPath             = '$log'
}
"@
        $server = Start-FtpLiteServer -ConfigurationPath $path -ErrorAction Stop

        $server.Root | Should -BeExactly $root
        $server.Options.MaxConnections | Should -Be 42
        $server.Options.PassivePortRange.Item1 | Should -Be 50200
        $server.Options.PassivePortRange.Item2 | Should -Be 50260
        $server.Options.IdleTimeout | Should -Be ([TimeSpan]::FromSeconds(120))
        $server.Options.LoginBanThreshold | Should -Be 0
        "$($server.AnonymousAccess)" | Should -BeExactly 'ReadOnly'
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        (Get-FtpLiteItem -Session $session -ErrorAction Stop).Name | Should -Be 'served.bin'
        Test-Path -LiteralPath $log | Should -BeTrue
    }

    It 'takes aliases as keys (Path for Root)' {
        $path = New-ConfigurationFile "@{ Path = '$root'; Port = 0 }"

        (Start-FtpLiteServer -ConfigurationPath $path -ErrorAction Stop).Root | Should -BeExactly $root
    }

    It 'lets parameters on the command line win over the file' {
        $path = New-ConfigurationFile "@{ Root = '$root'; Port = 0; MaxConnections = 9; IdleTimeoutSec = 33 }"

        $server = Start-FtpLiteServer -ConfigurationPath $path -MaxConnections 7 -ErrorAction Stop

        $server.Options.MaxConnections | Should -Be 7
        $server.Options.IdleTimeout | Should -Be ([TimeSpan]::FromSeconds(33))
    }

    It 'refuses an unknown setting, naming it, the file and the line' {
        $path = New-ConfigurationFile "@{`n    Root = '$root'`n    Prot = 21`n}"

        $failure = Get-ConfigurationError $path

        $failure.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationUnknownSetting,$cmdlet"
        $failure.Exception.Message | Should -BeLike "$path, line 3: setting 'Prot' is not a setting of Start-FtpLiteServer.*Port*"
    }

    It 'refuses a value of the wrong type, naming the setting, the file and the line' {
        $path = New-ConfigurationFile "@{`n    Root = '$root'`n`n    Port = 'twenty-one'`n}"

        $failure = Get-ConfigurationError $path

        $failure.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationInvalidValue,$cmdlet"
        $failure.Exception.Message | Should -BeLike "$path, line 4: setting 'Port':*twenty-one*Int32*"
        Get-FtpLiteServer | Should -BeNullOrEmpty
    }

    It 'applies the parameter''s validation (range, count) to values from the file' {
        $range = Get-ConfigurationError (New-ConfigurationFile "@{ Root = '$root'; MaxConnections = 0 }")
        $count = Get-ConfigurationError (New-ConfigurationFile "@{ Root = '$root'`n PassivePortRange = 50000 }")

        $range.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationInvalidValue,$cmdlet"
        $range.Exception.Message | Should -BeLike "*line 1: setting 'MaxConnections':*minimum*"
        $count.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationInvalidValue,$cmdlet"
        $count.Exception.Message | Should -BeLike "*line 2: setting 'PassivePortRange':*"
    }

    It 'reports every bad setting of a file at once' {
        $path = New-ConfigurationFile "@{`n Port = 'x'`n Nope = 1`n MaxConnections = -1`n}"

        Start-FtpLiteServer -ConfigurationPath $path -ErrorAction SilentlyContinue -ErrorVariable failures

        @($failures.Exception.Message | ForEach-Object { ($_ -split ': setting')[0] -replace '.*, ' }) | Should -Be @('line 2', 'line 3', 'line 4')
    }

    It 'refuses a malformed file with the line of the parse error' {
        $path = New-ConfigurationFile "@{`n    Root = '$root'`n    Port = `n}"

        $failure = Get-ConfigurationError $path

        $failure.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationSyntaxError,$cmdlet"
        $failure.Exception.Message | Should -BeLike "$path, line 3:*"
    }

    It 'never runs anything in the file: commands and variables are refused, not run' {
        $canary = Join-Path $folder 'canary.txt'
        $command = Get-ConfigurationError (New-ConfigurationFile "@{`n Root = '$root'`n Port = (New-Item -Path '$canary' -ItemType File).Length`n}")
        $variable = Get-ConfigurationError (New-ConfigurationFile "@{ Root = `$HOME }")
        $script = Get-ConfigurationError (New-ConfigurationFile "New-Item -Path '$canary' -ItemType File`n@{ Root = '$root' }")

        $command.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationSyntaxError,$cmdlet"
        $command.Exception.Message | Should -BeLike "*line 3:*'Port'*not a constant*"
        $variable.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationSyntaxError,$cmdlet"
        $script.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationSyntaxError,$cmdlet"
        $script.Exception.Message | Should -BeLike '*line 1: The file must hold one hashtable*'
        Test-Path -LiteralPath $canary | Should -BeFalse
    }

    It 'refuses a missing file as FtpLite.ConfigurationUnreadable' {
        $missing = Join-Path $folder 'missing.psd1'

        $failure = Get-ConfigurationError $missing

        $failure.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationUnreadable,$cmdlet"
        $failure.Exception.Message | Should -BeLike "*$missing*"
    }

    It 'refuses a path it cannot read as a file (a folder) as FtpLite.ConfigurationUnreadable' {
        $path = Join-Path $folder 'a-folder.psd1'
        $null = New-Item -ItemType Directory -Path $path

        $failure = Get-ConfigurationError $path

        $failure.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationUnreadable,$cmdlet"
        $failure.Exception.Message | Should -BeLike "Cannot read the configuration file '$path'*"
    }

    It 'keeps passwords out of files: Credential and CertificatePassword are refused with the way to give them' {
        $credential = Get-ConfigurationError (New-ConfigurationFile "@{ Root = '$root'; Credential = 'alice' }")
        $password = Get-ConfigurationError (New-ConfigurationFile "@{ Root = '$root'; CertificatePassword = 'secret' }")

        $credential.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationSettingNotAllowed,$cmdlet"
        $credential.Exception.Message | Should -BeLike "*'Credential'*account file*-Credential on the command line*"
        $password.FullyQualifiedErrorId | Should -BeExactly "FtpLite.ConfigurationSettingNotAllowed,$cmdlet"
    }

    It 'lets -Credential on the command line add users to a file''s deployment' {
        $path = New-ConfigurationFile "@{ Root = '$root'; Port = 0 }"
        $alice = New-TestCredential -UserName 'alice' -Password 'alice-Pa55'

        $server = Start-FtpLiteServer -ConfigurationPath $path -Credential $alice -ErrorAction Stop
        $session = Connect-FtpLite -Port $server.Port -Credential $alice -ErrorAction Stop

        (Get-FtpLiteItem -Session $session -ErrorAction Stop).Name | Should -Be 'served.bin'
    }
}

Describe 'TLS certificates in a configuration file' {
    BeforeAll {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=localhost', $key,
            [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(2))
        $certificatePem = Join-Path $folder 'fullchain.pem'
        $keyPem = Join-Path $folder 'privkey.pem'
        Set-Content -LiteralPath $certificatePem -Value $certificate.ExportCertificatePem()
        Set-Content -LiteralPath $keyPem -Value $key.ExportPkcs8PrivateKeyPem()
        $user = New-TestCredential -UserName 'tls-user' -Password 'tls-pass-456'
        $bytes = [IO.File]::ReadAllBytes((Join-Path $root 'served.bin'))
    }

    AfterEach {
        Disconnect-AllFtpLite
        Get-FtpLiteServer | Stop-FtpLiteServer
    }

    It 'serves FTPS with a PEM certificate and key given by path' {
        $path = New-ConfigurationFile "@{ Root = '$root'; Port = 0; Certificate = '$certificatePem'; CertificateKeyPath = '$keyPem'; RequireTls = `$true }"

        $server = Start-FtpLiteServer -ConfigurationPath $path -Credential $user -ErrorAction Stop
        $session = Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -CertificateThumbprint $certificate.Thumbprint -ErrorAction Stop
        $copy = Join-Path $folder 'pem-copy.bin'
        $null = Receive-FtpLiteFile /served.bin -Destination $copy -Session $session -Force -ErrorAction Stop

        $server.TlsEnabled | Should -BeTrue
        [IO.File]::ReadAllBytes($copy) | Should -Be $bytes
    }

    It 'serves FTPS with a certificate from the store given by thumbprint' {
        $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
        $store.Open('ReadWrite')
        $withKey = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certificate.Export('Pfx'), [string]$null, 'Exportable,PersistKeySet')
        $store.Add($withKey)
        try {
            $path = New-ConfigurationFile "@{ Root = '$root'; Port = 0; CertificateThumbprint = '$($certificate.Thumbprint)' }"

            $server = Start-FtpLiteServer -ConfigurationPath $path -Credential $user -ErrorAction Stop
            $session = Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -CertificateThumbprint $certificate.Thumbprint -ErrorAction Stop

            $server.TlsEnabled | Should -BeTrue
            (Get-FtpLiteItem -Session $session -ErrorAction Stop).Name | Should -Be 'served.bin'
        }
        finally {
            $store.Remove($withKey)
            $store.Dispose()
        }
    }

    It 'serves what the configuration file of docs/systemd.md says, once its paths are this machine''s' {
        # The file as the guide prints it; only the paths, the address and the port are this test's, and each
        # replaced text must still be in the guide.
        $guide = Get-Content -Raw -LiteralPath (Join-Path (Get-FtpLiteRepoRoot) 'docs/systemd.md')
        if ($guide -notmatch '(?s)## 2\. The configuration file.*?```powershell\r?\n(?<file>.*?)```') { throw 'docs/systemd.md has no configuration file.' }
        $text = $Matches.file
        $serviceRoot = New-TestFolder -Prefix 'ftplite-config-systemd'
        $accounts = Join-Path $serviceRoot 'accounts.json'
        $log = Join-Path $serviceRoot 'server.jsonl'
        $replacements = [ordered]@{
            "'/srv/ftp'"                            = "'$serviceRoot'"
            "'0.0.0.0'"                             = "'127.0.0.1'"
            '= 2121'                                = '= 0'
            "'/etc/ftplite/fullchain.pem'"          = "'$certificatePem'"
            "'/etc/ftplite/privkey.pem'"            = "'$keyPem'"
            "'/var/log/ftplite/server.jsonl'"       = "'$log'"
            "'/etc/ftplite/accounts/accounts.json'" = "'$accounts'"
        }
        foreach ($pair in $replacements.GetEnumerator()) {
            $text.Contains($pair.Key) | Should -BeTrue -Because "docs/systemd.md's file holds $($pair.Key)"
            $text = $text.Replace($pair.Key, $pair.Value)
        }
        $path = New-ConfigurationFile $text
        $null = New-FtpLiteAccount -Path $accounts -Credential $user -Home (Join-Path $serviceRoot 'tls-user') -ErrorAction Stop

        # The guide's check: -WhatIf reads the file, reports nothing and starts nothing.
        Start-FtpLiteServer -ConfigurationPath $path -WhatIf -ErrorVariable checked -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $checked | Should -BeNullOrEmpty

        $server = Start-FtpLiteServer -ConfigurationPath $path -ErrorAction Stop
        $server.TlsEnabled | Should -BeTrue
        Connect-FtpLite -Port $server.Port -Credential $user -ErrorVariable clear -ErrorAction SilentlyContinue
        $clear | Should -Not -BeNullOrEmpty -Because 'RequireTls refuses a login before AUTH TLS'
        $session = Connect-FtpLite -Port $server.Port -Credential $user -Encryption Explicit -CertificateThumbprint $certificate.Thumbprint -ErrorAction Stop
        $null = Send-FtpLiteFile -Session $session -Path (Join-Path $root 'served.bin') -Destination / -ErrorAction Stop
        [IO.File]::ReadAllBytes((Join-Path $serviceRoot 'tls-user/served.bin')) | Should -Be $bytes
        Disconnect-FtpLite -Session $session
        $server | Stop-FtpLiteServer
        Get-Content -LiteralPath $log | ConvertFrom-Json | Where-Object { $_.user -eq 'tls-user' } | Should -Not -BeNullOrEmpty
    }

    It 'refuses a thumbprint that is not in the store as FtpLite.InvalidCertificate' {
        $path = New-ConfigurationFile "@{ Root = '$root'; Port = 0; CertificateThumbprint = '$('0' * 40)' }"

        $failure = Get-ConfigurationError $path

        $failure.FullyQualifiedErrorId | Should -BeExactly "FtpLite.InvalidCertificate,$cmdlet"
        $failure.Exception.Message | Should -BeLike '*certificate store*'
    }
}
