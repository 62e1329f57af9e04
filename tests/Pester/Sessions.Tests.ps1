<#
    Sessions and servers: several named sessions, Get-FtpLiteSession, Get-FtpLiteServer, tab completion of
    remote paths, and the server's log (-LogPath and -Wait's verbose and information records).
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $serverRoot = New-TestFolder -Prefix 'ftplite-sessions-server'
    $null = New-TestFile -Path (Join-Path $serverRoot 'reports/q1.csv') -Length 10
    $null = New-TestFile -Path (Join-Path $serverRoot 'reports/q2.csv') -Length 20
    $null = New-TestFile -Path (Join-Path $serverRoot 'reports/summary with space.txt') -Length 5
    $null = New-TestFile -Path (Join-Path $serverRoot 'readme.txt') -Length 3
    $server = Start-TestServer -Root $serverRoot
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Get-FtpLiteSession' {
    BeforeAll {
        $first = Connect-FtpLite -Port $server.Port -Name first -ErrorAction Stop
        $second = Connect-FtpLite -Port $server.Port -Name second -ErrorAction Stop
    }

    AfterAll {
        Disconnect-AllFtpLite
    }

    It 'lists every session of the runspace, the last connected as default' {
        $sessions = @(Get-FtpLiteSession)
        @($sessions.Name) | Should -Be @('first', 'second')
        ($sessions | Where-Object IsDefault).Name | Should -Be 'second'
        (Get-FtpLiteSession -Default).Name | Should -Be 'second'
    }

    It 'filters by name with wildcards, and by id' {
        (Get-FtpLiteSession -Name 'fir*').Name | Should -Be 'first'
        (Get-FtpLiteSession -Id $second.Id).Name | Should -Be 'second'
        @(Get-FtpLiteSession -Name 'nothing*') | Should -HaveCount 0
    }

    It 'refuses a name an open session has: FtpLite.SessionNameInUse, and opens nothing' {
        $output = Connect-FtpLite -Port $server.Port -Name FIRST -ErrorAction SilentlyContinue -ErrorVariable failures

        $output | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.SessionNameInUse,FtpLite.PowerShell.Cmdlets.ConnectFtpLiteCommand'
        "$($failures[0])" | Should -BeLike "A session named 'first' is open already*Disconnect-FtpLite*or choose another -Name."
        @((Get-FtpLiteSession).Name) | Should -Be @('first', 'second')
    }

    It 'Disconnect-FtpLite removes a session and the previous one becomes the default' {
        $second | Disconnect-FtpLite
        @((Get-FtpLiteSession).Name) | Should -Be @('first')
        (Get-FtpLiteSession -Default).Name | Should -Be 'first'
    }

    It 'frees the name of a disconnected session' {
        $again = Connect-FtpLite -Port $server.Port -Name second -ErrorAction Stop
        @((Get-FtpLiteSession).Name) | Should -Be @('first', 'second')
        $again | Disconnect-FtpLite
        @((Get-FtpLiteSession).Name) | Should -Be @('first')
    }
}

Describe 'Get-FtpLiteServer' {
    It 'lists the running servers with their counts, and pipes into Stop-FtpLiteServer' {
        $extraRoot = New-TestFolder -Prefix 'ftplite-extra'
        $extra = Start-FtpLiteServer -Root $extraRoot -Port 0
        try {
            $listed = Get-FtpLiteServer -Port $extra.Port
            $listed.Port | Should -Be $extra.Port
            $listed.State | Should -Be 'Running'
            $null = Connect-FtpLite -Port $extra.Port -ErrorAction Stop
            $null = New-TestFile -Path (Join-Path $extraRoot 'x.bin') -Length 1000
            $null = Receive-FtpLiteFile /x.bin -Destination (Join-Path (New-TestFolder) 'x.bin') -ErrorAction Stop
            (Get-FtpLiteServer -Port $extra.Port).BytesSent | Should -Be 1000
            (Get-FtpLiteServer -Port $extra.Port).ConnectionCount | Should -Be 1
            Disconnect-AllFtpLite
            Get-FtpLiteServer -Port $extra.Port | Stop-FtpLiteServer
            @(Get-FtpLiteServer -Port $extra.Port) | Should -HaveCount 0
            $extra.State | Should -Be 'Stopped'
        }
        finally {
            $extra | Stop-FtpLiteServer
        }
    }
}

Describe 'Tab completion of remote paths' {
    BeforeAll {
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches }
    }

    AfterAll {
        Disconnect-AllFtpLite
    }

    It 'completes names in the working directory, folders with a trailing /' {
        @((Complete 'Receive-FtpLiteFile re').CompletionText) | Should -Be @('readme.txt', 'reports/')
    }

    It 'completes inside a folder and quotes names with spaces' {
        @((Complete 'Get-FtpLiteItem reports/s').CompletionText) | Should -Be @("'reports/summary with space.txt'")
        @((Complete 'Remove-FtpLiteItem /reports/q').CompletionText) | Should -Be @('/reports/q1.csv', '/reports/q2.csv')
    }

    It 'escapes wildcard characters for -Path, as PowerShell''s own completer does, and the completion names the file' {
        $null = New-TestFile -Path (Join-Path $serverRoot 'odd [1].log') -Length 7 -Seed 9
        try {
            @((Complete 'Receive-FtpLiteFile od').CompletionText) | Should -Be @('''odd `[1`].log''')
            @((Complete 'Get-FtpLiteItem -Path /od').CompletionText) | Should -Be @('''/odd `[1`].log''')
            # What was completed, run as it stands, reaches that file (and not odd1.log).
            $local = New-TestFolder -Prefix 'ftplite-complete-local'
            $file = Invoke-Expression "Receive-FtpLiteFile $((Complete 'Receive-FtpLiteFile od').CompletionText) -Destination '$local' -ErrorAction Stop"
            $file.Name | Should -BeExactly 'odd [1].log'
            Get-TestFileHash $file.FullName | Should -Be (Get-TestFileHash (Join-Path $serverRoot 'odd [1].log'))
        }
        finally {
            Remove-Item -LiteralPath (Join-Path $serverRoot 'odd [1].log')
        }
    }

    It 'completes -LiteralPath unescaped' {
        $null = New-TestFile -Path (Join-Path $serverRoot 'odd [1].log') -Length 7 -Seed 9
        try {
            @((Complete 'Remove-FtpLiteItem -LiteralPath od').CompletionText) | Should -Be @('''odd [1].log''')
            @((Complete 'Receive-FtpLiteFile -LiteralPath /od').CompletionText) | Should -Be @('''/odd [1].log''')
        }
        finally {
            Remove-Item -LiteralPath (Join-Path $serverRoot 'odd [1].log')
        }
    }

    It 'uses the session -Session gives, whatever expression gives it' {
        $otherRoot = New-TestFolder -Prefix 'ftplite-complete-expression'
        $null = New-TestFile -Path (Join-Path $otherRoot 'only-there.txt') -Length 1
        $other = Start-TestServer -Root $otherRoot
        $named = Connect-FtpLite -Port $other.Port -Name elsewhere -ErrorAction Stop
        $null = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        try {
            @((Complete 'Receive-FtpLiteFile -Session (Get-FtpLiteSession -Name elsewhere) on').CompletionText) | Should -Be @('only-there.txt')
            @((Complete 'Get-FtpLiteItem -Session:(Get-FtpLiteSession elsewhere) -Path on').CompletionText) | Should -Be @('only-there.txt')
        }
        finally {
            $named | Disconnect-FtpLite
        }
    }

    It 'uses the session given with -Session' {
        $otherRoot = New-TestFolder -Prefix 'ftplite-complete-other'
        $null = New-TestFile -Path (Join-Path $otherRoot 'only-here.txt') -Length 1
        $other = Start-TestServer -Root $otherRoot
        $global:otherSession = Connect-FtpLite -Port $other.Port -Name other -ErrorAction Stop
        $null = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        @((Complete 'Receive-FtpLiteFile -Session $otherSession on').CompletionText) | Should -Be @('only-here.txt')
        Remove-Variable -Scope Global otherSession
    }
}

Describe 'The server log' {
    It '-LogPath writes one JSON object per event, never a password' {
        $logRoot = New-TestFolder -Prefix 'ftplite-log'
        $log = Join-Path $logRoot 'server.log'
        $user = New-TestCredential -UserName 'carol' -Password 'do-not-log-me'
        $logged = Start-FtpLiteServer -Root $serverRoot -Port 0 -Credential $user -LogPath $log
        try {
            $null = Connect-FtpLite -Port $logged.Port -Credential (New-TestCredential -UserName 'carol' -Password 'wrong-one') -ErrorAction SilentlyContinue
            $session = Connect-FtpLite -Port $logged.Port -Credential $user -ErrorAction Stop
            $null = Receive-FtpLiteFile /readme.txt -Destination (Join-Path $logRoot 'r.txt') -ErrorAction Stop
            $session | Disconnect-FtpLite
        }
        finally {
            $logged | Stop-FtpLiteServer
        }

        $events = @(Get-Content -LiteralPath $log | ForEach-Object { $_ | ConvertFrom-Json })
        @($events.event) | Should -Contain 'Started'
        @($events.event) | Should -Contain 'LoginFailed'
        @($events.event) | Should -Contain 'LoginSucceeded'
        @($events.event) | Should -Contain 'Download'
        @($events.event) | Should -Contain 'Stopped'
        ($events | Where-Object event -eq 'Download').path | Should -Be '/readme.txt'
        ($events | Where-Object event -eq 'Download').bytes | Should -Be 3
        ($events | Where-Object event -eq 'LoginSucceeded').user | Should -Be 'carol'
        Get-Content -Raw -LiteralPath $log | Should -Not -Match 'do-not-log-me|wrong-one'
    }

    It '-Wait reports events as verbose messages and information records until stopped' {
        $port = Get-FreeTcpPort
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($ModulePath, $Root, $Port)
            Import-Module $ModulePath
            Start-FtpLiteServer -Root $Root -Port $Port -Wait -Verbose
        }).AddArgument((Get-Module FtpLite).Path.Replace('FtpLite.PowerShell.dll', 'FtpLite.psd1')).AddArgument($serverRoot).AddArgument($port)
        $async = $ps.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Test-TcpPortOpen -Port $port) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $session = Connect-FtpLite -Port $port -ErrorAction Stop
            $null = Get-FtpLiteItem -ErrorAction Stop
            $session | Disconnect-FtpLite
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not ($ps.Streams.Information | Where-Object { $_.Tags -contains 'Disconnected' }) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        }
        finally {
            $ps.Stop()
        }

        @($ps.Streams.Verbose.Message) -match 'LoginSucceeded: anonymous logged in' | Should -Not -BeNullOrEmpty
        $records = @($ps.Streams.Information | Where-Object { $_.Tags -contains 'FtpLite' })
        @($records.MessageData.Kind) | Should -Contain 'Connected'
        @($records.MessageData.Kind) | Should -Contain 'Listing'
        $ps.Streams.Information | Where-Object { $_.Tags -contains 'PSHOST' } | ForEach-Object MessageData |
            Should -Match 'Connect-FtpLite -ComputerName 127.0.0.1'
        Test-TcpPortOpen -Port $port | Should -BeFalse -Because 'Ctrl+C (Stop) ends -Wait and stops the server'
        $ps.Dispose()
    }
    It '-Wait stopped by Ctrl+C says that it stopped, with its connection and byte counts' -Skip:$IsWindows {
        # A PowerShell of its own (pwsh itself, not the dotnet tool shim, so the signal reaches it), as a user runs it.
        # Port 0: the server picks a free port and says which in its first line, which the test waits for.
        $output = Join-Path (New-TestFolder -Prefix 'ftplite-wait-stop') 'output.txt'
        $module = (Get-Module FtpLite).Path.Replace('FtpLite.PowerShell.dll', 'FtpLite.psd1')
        $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
        $command = "Import-Module '$module'; Start-FtpLiteServer -Root '$serverRoot' -Port 0 -Wait"
        # env --default-signal: a suite run in the background inherits SIGINT ignored, and .NET keeps it so.
        $process = Start-Process -FilePath env -ArgumentList @('--default-signal=INT', [Environment]::ProcessPath, $pwshDll, '-NoProfile', '-Command', $command) -PassThru -RedirectStandardOutput $output
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            $port = $null
            while (-not $port -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
                if ((Get-Content -Raw -LiteralPath $output -ErrorAction Ignore) -match 'at ftp://127\.0\.0\.1:(\d+)/') { $port = [int]$Matches[1] }
                else { Start-Sleep -Milliseconds 100 }
            }
            $port | Should -Not -BeNullOrEmpty -Because 'the server says where it listens'
            $session = Connect-FtpLite -Port $port -ErrorAction Stop
            $null = Receive-FtpLiteFile /readme.txt -Destination (Join-Path (Split-Path $output) 'r.txt') -ErrorAction Stop
            $session | Disconnect-FtpLite

            & kill -INT $process.Id   # Ctrl+C
            $process.WaitForExit(30000) | Should -BeTrue
        }
        finally {
            if (-not $process.HasExited) { $process.Kill() }
        }

        Get-Content -Raw -LiteralPath $output |
            Should -Match ([regex]::Escape("Stopped the FtpLite server at ftp://127.0.0.1:$port/: ") + '1 connection, 3 bytes sent, 0 bytes received\.')
    }
}
