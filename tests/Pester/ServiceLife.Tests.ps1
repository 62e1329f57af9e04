<#
    Life as a service: Start-FtpLiteServer -ConfigurationPath ... -Wait in a child pwsh, as systemd runs it, stopped
    with SIGTERM in the middle of an upload. The upload either completes (byte for byte) or, when the grace period
    ends first, is refused cleanly (426, nothing under its name, no staged file); either way the process exits
    with 0 after its stop summary. Every wait is on something observable: a line of the server's output, bytes in
    the staging file, a reply.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest

    $module = (Get-Module FtpLite).Path.Replace('FtpLite.PowerShell.dll', 'FtpLite.psd1')
    $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location

    # Starts the server from a configuration file in a pwsh of its own; returns the process, its output file and port.
    # Without -GraceSec the configuration leaves ShutdownGraceSec at its default.
    function Start-ServiceProcess([string] $Root, [Nullable[int]] $GraceSec) {
        $folder = New-TestFolder -Prefix 'ftplite-service'
        $configuration = Join-Path $folder 'server.psd1'
        $grace = $null -eq $GraceSec ? '' : "ShutdownGraceSec = $GraceSec; "
        Set-Content -LiteralPath $configuration -Value "@{ Root = '$Root'; Port = 0; $($grace)AllowAnonymousWrite = `$true }"
        $output = Join-Path $folder 'output.txt'
        $command = "Import-Module '$module'; Start-FtpLiteServer -ConfigurationPath '$configuration' -Wait"
        # pwsh itself, not the dotnet tool shim, so the signal reaches it; env resets signals a background run ignores.
        $process = Start-Process -FilePath env -ArgumentList @('--default-signal=INT,TERM', [Environment]::ProcessPath, $pwshDll, '-NoProfile', '-Command', $command) `
            -PassThru -RedirectStandardOutput $output
        $port = Wait-Output $process $output 'at ftp://127\.0\.0\.1:(\d+)/'
        [pscustomobject]@{ Process = $process; Output = $output; Port = [int]$port }
    }

    # Waits for a line of the child's output matching $Pattern; returns its first group.
    function Wait-Output($Process, [string] $Output, [string] $Pattern) {
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while ([DateTime]::UtcNow -lt $deadline) {
            if ((Get-Content -Raw -LiteralPath $Output -ErrorAction Ignore) -match $Pattern) { return $Matches[1] }
            if ($Process.HasExited) { break }
            Start-Sleep -Milliseconds 50
        }
        throw "The server never wrote '$Pattern'. Its output:`n$(Get-Content -Raw -LiteralPath $Output -ErrorAction Ignore)"
    }

    # A minimal FTP control connection: one command, one reply (multi-line replies read to their last line).
    function Connect-RawFtp([int] $Port) {
        $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
        $stream = $client.GetStream()
        $stream.ReadTimeout = 60000
        $control = [pscustomobject]@{ Client = $client; Reader = [IO.StreamReader]::new($stream, [Text.Encoding]::ASCII); Stream = $stream }
        $null = Read-RawReply $control
        $control
    }

    function Read-RawReply($Control) {
        $line = $Control.Reader.ReadLine()
        while ($line -match '^\d{3}-') { $line = $Control.Reader.ReadLine() }
        $line
    }

    function Send-RawCommand($Control, [string] $Command) {
        $bytes = [Text.Encoding]::ASCII.GetBytes("$Command`r`n")
        $Control.Stream.Write($bytes, 0, $bytes.Length)
        Read-RawReply $Control
    }

    # Logs in, opens a passive data connection and sends STOR; returns the data stream, with nothing sent yet.
    function Start-RawUpload($Control, [string] $Name) {
        $null = Send-RawCommand $Control 'USER anonymous'
        $null = Send-RawCommand $Control 'PASS x'
        $null = Send-RawCommand $Control 'TYPE I'
        $epsv = Send-RawCommand $Control 'EPSV'
        if ($epsv -notmatch '\(\|\|\|(\d+)\|\)') { throw "EPSV failed: $epsv" }
        $data = [System.Net.Sockets.TcpClient]::new('127.0.0.1', [int]$Matches[1])
        Send-RawCommand $Control "STOR $Name" | Should -BeLike '150 *'
        $data
    }

    function Wait-Staged([string] $Root) {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            $staged = @(Get-ChildItem -Force -LiteralPath $Root -Filter '.ftplite-*')
            if ($staged.Count -eq 1 -and $staged[0].Length -gt 0) { return }
            Start-Sleep -Milliseconds 20
        }
        throw 'The server never staged the upload''s first bytes.'
    }

    # Starts the service, uploads the first part of big.bin, sends SIGTERM once the server staged bytes, then either
    # sends the rest after the server says it is stopping (-SendRest) or nothing more. Returns the two replies.
    function Invoke-UploadStoppedBySigterm([int] $GraceSec, [switch] $SendRest) {
        $root = New-TestFolder -Prefix 'ftplite-service-root'
        $service = Start-ServiceProcess -Root $root -GraceSec $GraceSec
        try {
            $control = Connect-RawFtp $service.Port
            $data = Start-RawUpload $control 'big.bin'
            $data.GetStream().Write($firstPart, 0, $firstPart.Length)
            Wait-Staged $root

            & kill -TERM $service.Process.Id
            if ($SendRest) {
                $null = Wait-Output $service.Process $service.Output '(Stopping the FtpLite server)'
                $data.GetStream().Write($rest, 0, $rest.Length)
                $data.Client.Shutdown('Send')
            }
            $replies = @((Read-RawReply $control), (Read-RawReply $control))
            $data.Dispose()
            $control.Client.Dispose()
            $service.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            if (-not $service.Process.HasExited) { $service.Process.Kill() }
        }

        [pscustomobject]@{ Root = $root; Service = $service; Replies = $replies }
    }

    $content = New-TestBytes -Length (3MB) -Seed 11
    $firstPart = [byte[]]::new(1MB)
    [Array]::Copy($content, 0, $firstPart, 0, 1MB)
    $rest = [byte[]]::new($content.Length - 1MB)
    [Array]::Copy($content, 1MB, $rest, 0, $rest.Length)
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Start-FtpLiteServer -Wait as a service, stopped by SIGTERM' -Skip:$IsWindows {
    It 'lets the running upload finish, then exits with 0 and its summary' {
        $run = Invoke-UploadStoppedBySigterm -GraceSec 300 -SendRest

        $run.Replies[0] | Should -BeLike '226 *'
        $run.Replies[1] | Should -BeLike '421 *'
        $run.Service.Process.ExitCode | Should -Be 0
        Get-TestFileHash (Join-Path $run.Root 'big.bin') | Should -Be (Get-FileHash -InputStream ([IO.MemoryStream]::new($content)) -Algorithm SHA256).Hash
        @(Get-ChildItem -Force -LiteralPath $run.Root).Name | Should -Be @('big.bin')
        Get-Content -Raw -LiteralPath $run.Service.Output |
            Should -Match ([regex]::Escape("Stopped the FtpLite server at ftp://127.0.0.1:$($run.Service.Port)/: 1 connection, 0 bytes sent, $($content.Length) bytes received."))
    }

    It 'refuses an upload still running when the grace period ends: 426, nothing left, exit code 0' {
        # The client sends nothing more: only the end of the grace period ends the upload.
        $run = Invoke-UploadStoppedBySigterm -GraceSec 1

        $run.Replies[0] | Should -BeLike '426 *'
        $run.Replies[1] | Should -BeLike '421 *'
        $run.Service.Process.ExitCode | Should -Be 0
        @(Get-ChildItem -Force -LiteralPath $run.Root) | Should -BeNullOrEmpty
        Get-Content -Raw -LiteralPath $run.Service.Output | Should -Match 'Stopped the FtpLite server at .*: 1 connection, 0 bytes sent, 0 bytes received\.'
    }
}

Describe 'Start-FtpLiteServer -Wait stopped by Ctrl+C (SIGINT)' -Skip:$IsWindows {
    It 'gives running transfers the default 30 s, turns idle clients away with 421, and exits with 1 as pwsh -Command does after Ctrl+C' {
        # docs/systemd.md and the help promise both: -ShutdownGraceSec defaults to 30, and Ctrl+C (unlike SIGTERM)
        # ends pwsh -Command with exit code 1. Nothing runs here, so the stop does not wait the 30 s.
        $root = New-TestFolder -Prefix 'ftplite-service-root'
        $service = Start-ServiceProcess -Root $root
        try {
            $control = Connect-RawFtp $service.Port
            & kill -INT $service.Process.Id
            Read-RawReply $control | Should -BeLike '421 *'
            $control.Client.Dispose()
            $service.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            if (-not $service.Process.HasExited) { $service.Process.Kill() }
        }

        $service.Process.ExitCode | Should -Be 1
        $output = Get-Content -Raw -LiteralPath $service.Output
        $output | Should -Match ([regex]::Escape("Stopping the FtpLite server at ftp://127.0.0.1:$($service.Port)/ (Ctrl+C): no new connections; running transfers have 30 s to finish."))
        $output | Should -Match 'Stopped the FtpLite server at .*: 1 connection, 0 bytes sent, 0 bytes received\.'
    }
}
