<#
    Start-FtpLiteServer -OnUpload, -OnDownload, -OnDelete, -OnRename, -OnLogin, -OnLoginFailed: script blocks run on a
    runspace pool of their own with what happened ($e: user, path, size, duration, client address, time); a slow
    handler holds up no transfer, a full queue drops events with a logged warning, a handler that throws is logged
    and the server goes on; the same events as engine events (FtpLite.Upload, ...) for Register-EngineEvent.
    Handlers report by writing files, which the tests wait for: no sleeps.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $local = New-TestFolder -Prefix 'ftplite-events-local'
    $upload = New-TestFile -Path (Join-Path $local 'report.bin') -Length 70000 -Seed 5
    $alice = New-TestCredential -UserName 'alice' -Password 'alice-Pa55'

    # A handler that writes $e as JSON into $Folder, one file per event.
    function New-RecordingHandler([string] $Folder) {
        [scriptblock]::Create("param(`$e) `$e | Select-Object Name, User, Path, FromPath, Size, @{ n = 'DurationMs'; e = { `$_.Duration.TotalMilliseconds } }, @{ n = 'ClientAddress'; e = { `"`$(`$_.ClientAddress)`" } }, Time | ConvertTo-Json | Set-Content -LiteralPath (Join-Path '$Folder' ([guid]::NewGuid().ToString() + '.json'))")
    }

    function Wait-Records([string] $Folder, [int] $Count) {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-ChildItem -LiteralPath $Folder -Filter *.json).Count -lt $Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        @(Get-ChildItem -LiteralPath $Folder -Filter *.json | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName | ConvertFrom-Json })
    }

    function Wait-LogEvent([string] $Log, [scriptblock] $Where, [int] $Count = 1) {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            $found = @(Get-Content -LiteralPath $Log -ErrorAction Ignore | ConvertFrom-Json | Where-Object $Where)
            if ($found.Count -ge $Count) { return $found }
            Start-Sleep -Milliseconds 20
        }
        throw "The log never had $Count such event(s): $Where"
    }
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Start-FtpLiteServer event handlers' {
    AfterEach {
        Disconnect-AllFtpLite
        Get-FtpLiteServer | Stop-FtpLiteServer
    }

    It 'gives each handler the user, path, size, duration, client address and time' {
        $root = New-TestFolder -Prefix 'ftplite-events-root'
        $records = New-TestFolder -Prefix 'ftplite-events-records'
        $handler = New-RecordingHandler $records
        $server = Start-FtpLiteServer -Root $root -Port 0 -Credential $alice -OnUpload $handler -OnDownload $handler -OnDelete $handler `
            -OnRename $handler -OnLogin $handler -OnLoginFailed $handler -ErrorAction Stop
        $before = [DateTime]::UtcNow

        $wrong = New-TestCredential -UserName 'mallory' -Password 'guess'
        Connect-FtpLite -Port $server.Port -Credential $wrong -ErrorAction SilentlyContinue
        $session = Connect-FtpLite -Port $server.Port -Credential $alice -ErrorAction Stop
        $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -ErrorAction Stop
        $null = Receive-FtpLiteFile /report.bin -Destination (Join-Path $local 'back.bin') -Session $session -Force -ErrorAction Stop
        Rename-FtpLiteItem /report.bin /renamed.bin -Session $session -ErrorAction Stop
        Remove-FtpLiteItem /renamed.bin -Session $session -ErrorAction Stop
        $seen = Wait-Records $records 6

        @($seen.Name | Sort-Object) | Should -Be @('Delete', 'Download', 'Login', 'LoginFailed', 'Rename', 'Upload')
        $byName = @{}; $seen | ForEach-Object { $byName[$_.Name] = $_ }
        $byName.LoginFailed.User | Should -BeExactly 'mallory'
        $byName.Login.User | Should -BeExactly 'alice'
        foreach ($transfer in $byName.Upload, $byName.Download) {
            $transfer.User | Should -BeExactly 'alice'
            $transfer.Path | Should -BeExactly '/report.bin'
            $transfer.Size | Should -Be 70000
            $transfer.DurationMs | Should -BeGreaterOrEqual 0
            $transfer.ClientAddress | Should -BeExactly '127.0.0.1'
            ([DateTime]$transfer.Time).ToUniversalTime() | Should -BeGreaterOrEqual $before.AddSeconds(-1)
        }
        $byName.Rename.FromPath | Should -BeExactly '/report.bin'
        $byName.Rename.Path | Should -BeExactly '/renamed.bin'
        $byName.Delete.Path | Should -BeExactly '/renamed.bin'
    }

    It 'lets transfers go on while every handler is busy' {
        $root = New-TestFolder -Prefix 'ftplite-events-root'
        $records = New-TestFolder -Prefix 'ftplite-events-records'
        $gate = Join-Path $records 'open'
        # Each handler holds its runspace until the test opens the gate: as slow as a handler can be.
        $slow = [scriptblock]::Create("param(`$e) while (-not (Test-Path -LiteralPath '$gate')) { Start-Sleep -Milliseconds 20 }; Set-Content -LiteralPath (Join-Path '$records' ([guid]::NewGuid().ToString() + '.json')) -Value '{}'")
        $server = Start-FtpLiteServer -Root $root -Port 0 -OnUpload $slow -ErrorAction Stop
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

        foreach ($i in 1..10) { $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Destination "/copy$i.bin" -Session $session -ErrorAction Stop }

        @(Get-ChildItem -LiteralPath $root -Filter 'copy*.bin').Count | Should -Be 10
        @(Get-ChildItem -LiteralPath $records -Filter *.json) | Should -BeNullOrEmpty -Because 'no handler has finished: the uploads did not wait for them'
        Set-Content -LiteralPath $gate -Value ''
        (Wait-Records $records 10).Count | Should -Be 10
    }

    It 'drops events when the queue is full, with a logged warning, and never blocks the server' {
        $root = New-TestFolder -Prefix 'ftplite-events-root'
        $records = New-TestFolder -Prefix 'ftplite-events-records'
        $gate = Join-Path $records 'open'
        $log = Join-Path $records 'server.jsonl'
        $slow = [scriptblock]::Create("param(`$e) while (-not (Test-Path -LiteralPath '$gate')) { Start-Sleep -Milliseconds 20 }")
        $server = Start-FtpLiteServer -Root $root -Port 0 -OnUpload $slow -EventQueueLength 1 -LogPath $log -ErrorAction Stop
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

        # At most 4 handlers run and 1 waits: of 10 uploads, at least 5 events are dropped.
        foreach ($i in 1..10) { $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Destination "/copy$i.bin" -Session $session -ErrorAction Stop }
        $dropped = Wait-LogEvent $log { $_.event -eq 'HandlerFailed' -and $_.message -like 'OnUpload dropped the event*' } -Count 5
        Set-Content -LiteralPath $gate -Value ''

        @(Get-ChildItem -LiteralPath $root -Filter 'copy*.bin').Count | Should -Be 10
        $dropped[0].message | Should -BeLike '*-EventQueueLength*'
        $dropped[0].path | Should -BeLike '/copy*.bin'
    }

    It 'logs a handler that throws, and goes on serving and running handlers' {
        $root = New-TestFolder -Prefix 'ftplite-events-root'
        $records = New-TestFolder -Prefix 'ftplite-events-records'
        $log = Join-Path $records 'server.jsonl'
        $failing = { param($e) throw "no room for $($e.Path)" }
        $server = Start-FtpLiteServer -Root $root -Port 0 -OnUpload $failing -OnDownload (New-RecordingHandler $records) -LogPath $log -ErrorAction Stop
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

        $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -ErrorAction Stop
        $failure = Wait-LogEvent $log { $_.event -eq 'HandlerFailed' }
        $null = Receive-FtpLiteFile /report.bin -Destination (Join-Path $local 'again.bin') -Session $session -Force -ErrorAction Stop

        $failure[0].message | Should -BeLike 'OnUpload failed for /report.bin: no room for /report.bin*'
        (Wait-Records $records 1).Name | Should -Be 'Download'
        $server.State | Should -Be 'Running'
    }

    It 'raises engine events (FtpLite.Upload) for Register-EngineEvent' {
        $root = New-TestFolder -Prefix 'ftplite-events-root'
        $server = Start-FtpLiteServer -Root $root -Port 0 -ErrorAction Stop
        $global:FtpLiteTestRaised = $null
        $null = Register-EngineEvent -SourceIdentifier FtpLite.Upload -Action { $global:FtpLiteTestRaised = $Event }
        try {
            $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
            $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -ErrorAction Stop

            # The action runs when this runspace is between statements, as in this loop.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not $global:FtpLiteTestRaised -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $raised = $global:FtpLiteTestRaised
        }
        finally {
            Unregister-Event -SourceIdentifier FtpLite.Upload
            Remove-Variable -Scope Global -Name FtpLiteTestRaised
        }

        $raised.MessageData.Path | Should -BeExactly '/report.bin'
        $raised.MessageData.Size | Should -Be 70000
        $raised.MessageData.User | Should -BeExactly 'anonymous'
        $raised.Sender | Should -Be $server
    }

    It 'raises no engine event nobody subscribed to' {
        $root = New-TestFolder -Prefix 'ftplite-events-root'
        $server = Start-FtpLiteServer -Root $root -Port 0 -ErrorAction Stop
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

        $null = Send-FtpLiteFile -LiteralPath $upload.FullName -Session $session -ErrorAction Stop

        @(Get-Event -ErrorAction Ignore | Where-Object SourceIdentifier -like 'FtpLite.*') | Should -BeNullOrEmpty
    }
}

Describe 'Start-FtpLiteServer -Wait: events as verbose lines and information records' {
    BeforeAll {
        $module = (Get-Module FtpLite).Path.Replace('FtpLite.PowerShell.dll', 'FtpLite.psd1')
        $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location

        # A -Wait server in a pwsh of its own ($Command: '{0}' is the Start-FtpLiteServer call); a client logs in and
        # out, and its whole output is returned once it matches $Expect (the last event), or after 90 s.
        function Invoke-WaitServer([string] $Command, [string] $Expect) {
            $folder = New-TestFolder -Prefix 'ftplite-wait-events'
            $output = Join-Path $folder 'output.txt'
            $script = "Import-Module '$module'; $($Command -f "Start-FtpLiteServer -Root '$folder' -Port 0 -Wait")"
            $process = Start-Process -FilePath ([Environment]::ProcessPath) -ArgumentList @($pwshDll, '-NoProfile', '-Command', $script) -PassThru -RedirectStandardOutput $output
            try {
                $port = Wait-Text $process $output 'Serving .* on 127\.0\.0\.1:(\d+)\.'
                $session = Connect-FtpLite -Port ([int]$port) -ErrorAction Stop
                Disconnect-FtpLite -Session $session
                $null = Wait-Text $process $output "($Expect)"
                Get-Content -Raw -LiteralPath $output
            }
            finally {
                $process.Kill()
                $process.WaitForExit()
            }
        }

        # The first group of $Pattern once the output has it (the server's own output is the only signal there is).
        function Wait-Text($Process, [string] $Output, [string] $Pattern) {
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            while ([DateTime]::UtcNow -lt $deadline -and -not $Process.HasExited) {
                $text = Get-Content -Raw -LiteralPath $Output -ErrorAction Ignore
                if ($text -and $text -match $Pattern) { return $Matches[1] }
                Start-Sleep -Milliseconds 50
            }
            throw "The server never wrote '$Pattern'. Its output:`n$(Get-Content -Raw -LiteralPath $Output -ErrorAction Ignore)"
        }
    }

    It 'writes each event as a verbose line under <Case>' -TestCases @(
        @{ Case = '-Verbose'; Command = '{0} -Verbose' }
        @{ Case = "`$VerbosePreference = 'Continue'"; Command = "`$VerbosePreference = 'Continue'; {0}" }
    ) {
        $text = Invoke-WaitServer $Command 'Disconnected:'
        $text | Should -Match 'VERBOSE: \d\d:\d\d:\d\d LoginSucceeded: anonymous logged in from 127\.0\.0\.1'
        $text | Should -Match 'VERBOSE: \d\d:\d\d:\d\d Disconnected: '
    }

    It 'writes no verbose line without -Verbose, and every event still as an information record' {
        $text = Invoke-WaitServer '{0} -InformationAction Continue' 'Disconnected:'
        $text | Should -Match '\dZ LoginSucceeded: anonymous logged in from 127\.0\.0\.1'
        $text | Should -Not -Match 'VERBOSE:'
    }
}
