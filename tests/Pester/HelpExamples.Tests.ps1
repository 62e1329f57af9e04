<#
    The help examples of the account cmdlets, Stop-FtpLiteServerSession and Sync-FtpLiteItem, taken from
    module/help as it stands and run against servers on loopback port 0, then checked for what the text under
    each example says it does. Help.Tests.ps1 only parses examples; these run them.
    Only what cannot run here is replaced, and each replacement must still match the example (an edited example
    fails here rather than running unchecked): Get-Credential asks nobody (it gives "<user>-Pa55"), -Confirm is
    answered, /srv/ftp is a test folder, a fixed port or session number is the test server's.
    Sync-FtpLiteItem example 1 names a host: it connects to the test server's address, port and certificate instead.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    # What the examples' Get-Credential gives, without asking: the user named (or "deployer"), and the password "<user>-Pa55".
    function Get-Credential {
        param([Parameter(Position = 0)][string] $UserName = 'deployer', [string] $Message)
        New-TestCredential -UserName $UserName -Password "$UserName-Pa55"
    }

    # Example N of a cmdlet's help source, with each (text, replacement) pair applied; each text must be there.
    function Get-HelpExample([string] $Command, [int] $Number, [object[]] $Replace = @()) {
        $source = Get-Content -Raw -LiteralPath (Join-Path (Get-FtpLiteRepoRoot) "module/help/$Command.md")
        if ($source -notmatch "(?s)### Example ${Number}:[^\n]*\n.*?``````powershell\r?\n(?<code>.*?)``````") {
            throw "module/help/$Command.md has no example $Number."
        }
        $code = $Matches.code
        for ($i = 0; $i -lt $Replace.Count; $i += 2) {
            if (-not $code.Contains($Replace[$i])) { throw "$Command example $Number no longer holds '$($Replace[$i])'." }
            $code = $code.Replace($Replace[$i], $Replace[$i + 1])
        }
        $code
    }

    # Runs an example in a folder as a user pastes it; returns its output and fails on any error it writes.
    function Invoke-HelpExample([string] $Code, [string] $In) {
        Push-Location -LiteralPath $In
        try {
            $Error.Clear()
            $output = & ([scriptblock]::Create($Code)) 2>&1
            @($Error) | Should -BeNullOrEmpty -Because "the example runs without an error:`n$Code"
            $output
        }
        finally {
            Pop-Location
        }
    }

    function Test-Password([string] $File, [string] $Name, [string] $Password) {
        [FtpLite.Server.Accounts.FtpPasswordHash]::Verify($Password, (Get-FtpLiteAccount -Path $File -Name $Name).PasswordHash)
    }

    $acme = Get-Credential acme
    $globex = Get-Credential globex
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'New-FtpLiteAccount help examples' {
    BeforeEach {
        $work = New-TestFolder -Prefix 'ftplite-help-new'
        $file = Join-Path $work 'accounts.json'
    }

    AfterEach {
        Disconnect-AllFtpLite
        Get-FtpLiteServer | Stop-FtpLiteServer
    }

    It 'example 1: acme uploads new files into its drop folder and cannot list, replace or download them' {
        $null = Invoke-HelpExample (Get-HelpExample New-FtpLiteAccount 1) -In $work
        $server = Start-FtpLiteServer -Root $work -Port 0 -AccountPath $file -ErrorAction Stop
        $order = New-TestFile -Path (Join-Path (New-TestFolder) 'order.csv') -Length 64
        $session = Connect-FtpLite -Port $server.Port -Credential $acme -ErrorAction Stop

        Send-FtpLiteFile -Session $session -Path $order -Destination / -ErrorAction Stop | Out-Null
        Get-TestFileHash (Join-Path $work 'partners/acme/order.csv') | Should -Be (Get-TestFileHash $order)
        Get-FtpLiteItem -Session $session -ErrorVariable listed -ErrorAction SilentlyContinue
        $listed | Should -Not -BeNullOrEmpty
        Send-FtpLiteFile -Session $session -Path $order -Destination / -Force -ErrorVariable replaced -ErrorAction SilentlyContinue
        $replaced | Should -Not -BeNullOrEmpty
        Receive-FtpLiteFile -Session $session -Path /order.csv -Destination (New-TestFolder) -ErrorVariable fetched -ErrorAction SilentlyContinue
        $fetched | Should -Not -BeNullOrEmpty
    }

    It 'example 2: a read-only user with a mount, a bandwidth limit, allowed addresses and an expiry' {
        $null = New-Item -ItemType Directory (Join-Path $work 'shared')
        $null = Invoke-HelpExample (Get-HelpExample New-FtpLiteAccount 2) -In $work

        $reader = Get-FtpLiteAccount -Path $file -Name reader
        $reader.Rights['/'] | Should -Be ([FtpLite.Server.Accounts.FtpRights]::ReadOnly)
        $reader.Mounts.Keys | Should -Be @('/shared')
        $reader.BandwidthBytesPerSecond | Should -Be 4MB
        $reader.AllowedAddresses | Should -Be @('10.0.0.0/8')
        $reader.ExpiresUtc.Date | Should -Be ([datetime]'2027-01-01').Date
        Join-Path $work 'pub' | Should -Exist

        # "logs in only from 10.x.x.x": loopback is refused, with the right password.
        $server = Start-FtpLiteServer -Root $work -Port 0 -AccountPath $file -ErrorAction Stop
        Connect-FtpLite -Port $server.Port -Credential (Get-Credential reader) -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
    }

    It 'example 3: users from a CSV file, Credential and Home bound from the piped objects' {
        'Name,Password', 'acme,acme-csv-1', 'globex,globex-csv-2' | Set-Content -LiteralPath (Join-Path $work 'partners.csv')
        $null = Invoke-HelpExample (Get-HelpExample New-FtpLiteAccount 3 -Replace '"/srv/ftp/', """$work/srv/ftp/") -In $work

        $users = Get-FtpLiteAccount -Path $file
        $users.Name | Should -Be @('acme', 'globex')
        $users[1].Home | Should -BeExactly "$work/srv/ftp/globex"
        $users[1].Rights['/'] | Should -Be ([FtpLite.Server.Accounts.FtpRights]'List, Download, Upload')
        Test-Password $file globex 'globex-csv-2' | Should -BeTrue
        Join-Path $work 'srv/ftp/acme' | Should -Exist
    }
}

Describe 'Get-, Set- and Remove-FtpLiteAccount help examples' {
    BeforeEach {
        $work = New-TestFolder -Prefix 'ftplite-help-accounts'
        $file = Join-Path $work 'accounts.json'
        foreach ($name in 'acme', 'globex', 'oldco', 'oldinc') {
            $null = New-FtpLiteAccount -Path $file -Credential (New-TestCredential -UserName $name -Password 'first-Pa55') -Home (Join-Path $work $name) -ErrorAction Stop
        }
    }

    It 'Get-FtpLiteAccount example 1: a table of every user' {
        $text = Invoke-HelpExample (Get-HelpExample Get-FtpLiteAccount 1) -In $work | Out-String
        foreach ($name in 'acme', 'globex', 'oldco', 'oldinc') { $text | Should -Match "\b$name\b" }
    }

    It 'Get-FtpLiteAccount example 2: disables exactly the users whose names start with "old"' {
        $null = Invoke-HelpExample (Get-HelpExample Get-FtpLiteAccount 2) -In $work
        (Get-FtpLiteAccount -Path $file | Where-Object Disabled).Name | Should -Be @('oldco', 'oldinc')
    }

    It 'Set-FtpLiteAccount example 1: changes the password' {
        $null = Invoke-HelpExample (Get-HelpExample Set-FtpLiteAccount 1) -In $work
        Test-Password $file acme 'acme-Pa55' | Should -BeTrue
        Test-Password $file acme 'first-Pa55' | Should -BeFalse
    }

    It 'Set-FtpLiteAccount example 2: adds a right below / and disables another user, passing it through' {
        $output = Invoke-HelpExample (Get-HelpExample Set-FtpLiteAccount 2) -In $work
        (Get-FtpLiteAccount -Path $file -Name acme).Rights['/out'] | Should -Be ([FtpLite.Server.Accounts.FtpRights]::ReadOnly)
        @($output).Name | Should -Be @('globex')
        (Get-FtpLiteAccount -Path $file -Name globex).Disabled | Should -BeTrue
    }

    It 'Set-FtpLiteAccount example 3: enables a user again and moves its expiry six months on' {
        Set-FtpLiteAccount -Path $file -Name globex -Disabled -ErrorAction Stop
        $null = Invoke-HelpExample (Get-HelpExample Set-FtpLiteAccount 3) -In $work
        $globexNow = Get-FtpLiteAccount -Path $file -Name globex
        $globexNow.Disabled | Should -BeFalse
        $globexNow.ExpiresUtc | Should -BeGreaterThan ([datetime]::UtcNow.AddMonths(5))
    }

    It 'Remove-FtpLiteAccount example 1: removes the user and keeps its folder' {
        $null = Invoke-HelpExample (Get-HelpExample Remove-FtpLiteAccount 1) -In $work
        (Get-FtpLiteAccount -Path $file).Name | Should -Be @('globex', 'oldco', 'oldinc')
        Join-Path $work 'acme' | Should -Exist
    }

    It 'Remove-FtpLiteAccount example 2: removes the expired users only, not those that never expire' {
        Set-FtpLiteAccount -Path $file -Name oldco -Expires ([datetime]::UtcNow.AddDays(-1)) -ErrorAction Stop
        Set-FtpLiteAccount -Path $file -Name oldinc -Expires ([datetime]::UtcNow.AddDays(30)) -ErrorAction Stop
        $null = Invoke-HelpExample (Get-HelpExample Remove-FtpLiteAccount 2 -Replace '-Confirm', '-Confirm:$false') -In $work
        (Get-FtpLiteAccount -Path $file).Name | Should -Be @('acme', 'globex', 'oldinc')
    }
}

Describe 'Stop-FtpLiteServerSession help examples' {
    BeforeEach {
        $work = New-TestFolder -Prefix 'ftplite-help-sessions'
        $file = Join-Path $work 'accounts.json'
        $null = New-FtpLiteAccount -Path $file -Credential $acme -Home (Join-Path $work 'acme') -ErrorAction Stop
        $null = New-FtpLiteAccount -Path $file -Credential $globex -Home (Join-Path $work 'globex') -ErrorAction Stop
        $server = Start-FtpLiteServer -Root $work -Port 0 -AccountPath $file -ErrorAction Stop
        $acmeSession = Connect-FtpLite -Port $server.Port -Credential $acme -ErrorAction Stop
        $globexSession = Connect-FtpLite -Port $server.Port -Credential $globex -ErrorAction Stop
    }

    AfterEach {
        Disconnect-AllFtpLite
        Get-FtpLiteServer | Stop-FtpLiteServer
    }

    It 'example 1: ends every session of acme, keeps acme out, and leaves globex alone' {
        $null = Invoke-HelpExample (Get-HelpExample Stop-FtpLiteServerSession 1 -Replace '| Stop-FtpLiteServerSession', '| Stop-FtpLiteServerSession -Confirm:$false') -In $work

        @(Get-FtpLiteServer -Port $server.Port -Session).UserName | Should -Be @('globex')
        Get-FtpLiteItem -Session $globexSession -ErrorAction Stop | Should -BeNullOrEmpty
        Connect-FtpLite -Port $server.Port -Credential $acme -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LoginFailed,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
    }

    It 'example 2: ends a session by its number and passes it through' {
        $id = (Get-FtpLiteServer -Port $server.Port -Session | Where-Object UserName -EQ 'globex').Id
        $code = Get-HelpExample Stop-FtpLiteServerSession 2 -Replace '-Port 2121', "-Port $($server.Port)", '-Id 17', "-Id $id -Confirm:`$false"
        $output = Invoke-HelpExample $code -In $work

        @($output).UserName | Should -Be @('globex')
        @(Get-FtpLiteServer -Port $server.Port -Session).UserName | Should -Be @('acme')
    }
}

Describe 'Sync-FtpLiteItem help examples' {
    BeforeEach {
        $work = New-TestFolder -Prefix 'ftplite-help-sync'
        $root = New-TestFolder -Prefix 'ftplite-help-sync-root'
        $server = Start-FtpLiteServer -Root $root -Port 0 -ErrorAction Stop
        $null = Connect-FtpLite -Port $server.Port -ErrorAction Stop
    }

    AfterEach {
        Disconnect-AllFtpLite
        Get-FtpLiteServer | Stop-FtpLiteServer
    }

    It 'example 2: downloads what is new, then deletes on the server exactly the files downloaded' {
        $a = Get-TestFileHash (New-TestFile -Path (Join-Path $root 'outbox/a.csv') -Length 100 -Seed 1)
        $b = Get-TestFileHash (New-TestFile -Path (Join-Path $root 'outbox/sub/b.csv') -Length 200 -Seed 2)
        $null = Invoke-HelpExample (Get-HelpExample Sync-FtpLiteItem 2) -In $work

        Get-TestFileHash (Join-Path $work 'incoming/a.csv') | Should -Be $a
        Get-TestFileHash (Join-Path $work 'incoming/sub/b.csv') | Should -Be $b
        @(Get-ChildItem -LiteralPath (Join-Path $root 'outbox') -Recurse -File) | Should -HaveCount 0
        Join-Path $root 'outbox/sub' | Should -Exist
    }

    It 'example 3: the -WhatIf line changes nothing; the second line does it and shows no Skip' {
        $null = New-TestFile -Path (Join-Path $work 'site/index.html') -Length 300 -Seed 3
        $null = New-TestFile -Path (Join-Path $work 'site/same.html') -Length 30 -Seed 5
        $null = New-TestFile -Path (Join-Path $root 'www/old.html') -Length 50 -Seed 4
        Sync-FtpLiteItem (Join-Path $work 'site') /www -Direction Upload -Include 'same.html' -ErrorAction Stop | Out-Null
        $lines = @((Get-HelpExample Sync-FtpLiteItem 3) -split '\r?\n' | Where-Object { $_ })
        $lines | Should -HaveCount 2

        $null = Invoke-HelpExample $lines[0] -In $work
        @(Get-ChildItem -LiteralPath (Join-Path $root 'www') -Name | Sort-Object) | Should -Be @('old.html', 'same.html')
        $done = Invoke-HelpExample $lines[1] -In $work
        @($done | Where-Object { $_ -is [FtpLite.Sync.SyncResult] } | ForEach-Object { "$($_.Action) $($_.RelativePath)" } | Sort-Object) |
            Should -Be @('Delete old.html', 'Upload index.html')
        @(Get-ChildItem -LiteralPath (Join-Path $root 'www') -Name | Sort-Object) | Should -Be @('index.html', 'same.html')
        Get-TestFileHash (Join-Path $root 'www/index.html') | Should -Be (Get-TestFileHash (Join-Path $work 'site/index.html'))
    }

    It 'example 4: sends a file whose content changed but not its size or time, and deletes past the threshold with -Force' {
        $local = Join-Path $work 'backup [2026]'
        $null = [IO.Directory]::CreateDirectory($local)
        $null = New-TestFile -Path (Join-Path $local 'data.bin') -Length 1000 -Seed 6
        $null = New-TestFile -Path (Join-Path $root 'backup/data.bin') -Length 1000 -Seed 7
        foreach ($extra in 'x1', 'x2', 'x3') { $null = New-TestFile -Path (Join-Path $root "backup/$extra.bin") -Length 10 -Seed 8 }
        $time = [datetime]::new(2026, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
        [IO.File]::SetLastWriteTimeUtc((Join-Path $local 'data.bin'), $time)
        [IO.File]::SetLastWriteTimeUtc((Join-Path $root 'backup/data.bin'), $time)

        $null = Invoke-HelpExample (Get-HelpExample Sync-FtpLiteItem 4) -In $work
        @(Get-ChildItem -LiteralPath (Join-Path $root 'backup') -Name) | Should -Be @('data.bin')
        Get-TestFileHash (Join-Path $root 'backup/data.bin') | Should -Be (Get-TestFileHash (Join-Path $local 'data.bin'))
    }
}

Describe 'Sync-FtpLiteItem help example 1, over FTPS' {
    BeforeAll {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=localhost', $key,
            [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(2))
        $work = New-TestFolder -Prefix 'ftplite-help-deploy'
        $root = New-TestFolder -Prefix 'ftplite-help-deploy-root'
        $server = Start-FtpLiteServer -Root $root -Port 0 -Credential (Get-Credential deployer) -Certificate $certificate -RequireTls -ErrorAction Stop
    }

    AfterAll {
        Disconnect-AllFtpLite
        $server | Stop-FtpLiteServer
    }

    It 'deploys ./site to /www: changed files up, Photoshop files and drafts left alone, extras deleted' {
        foreach ($name in 'index.html', 'sub/page.html', 'logo.psd', 'drafts/next.html') {
            $null = New-TestFile -Path (Join-Path $work "site/$name") -Length 200 -Seed $name.Length
        }
        foreach ($name in 'index.html', 'sub/page.html', 'old.html', 'master.psd') {
            $null = New-TestFile -Path (Join-Path $root "www/$name") -Length 100 -Seed 9
        }
        $code = Get-HelpExample Sync-FtpLiteItem 1 -Replace 'www.example.com', "127.0.0.1 -Port $($server.Port) -CertificateThumbprint $($certificate.Thumbprint)"
        $output = Invoke-HelpExample $code -In $work

        @($output)[-1].Succeeded | Should -BeTrue
        @(Get-ChildItem -LiteralPath (Join-Path $root 'www') -Recurse -File -Name | ForEach-Object { $_.Replace('\', '/') } | Sort-Object) |
            Should -Be @('index.html', 'master.psd', 'sub/page.html')
        Get-TestFileHash (Join-Path $root 'www/sub/page.html') | Should -Be (Get-TestFileHash (Join-Path $work 'site/sub/page.html'))
    }
}
