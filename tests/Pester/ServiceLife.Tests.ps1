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
    function Start-ServiceProcess([string] $Root, [int] $GraceSec) {
        $folder = New-TestFolder -Prefix 'ftplite-service'
        $configuration = Join-Path $folder 'server.psd1'
        Set-Content -LiteralPath $configuration -Value "@{ Root = '$Root'; Port = 0; ShutdownGraceSec = $GraceSec; AllowAnonymousWrite = `$true }"
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
        $root = New-TestFolder -Prefix 'ftplite-service-root'
        $service = Start-ServiceProcess -Root $root -GraceSec 300
        try {
            $control = Connect-RawFtp $service.Port
            $data = Start-RawUpload $control 'big.bin'
            $data.GetStream().Write($firstPart, 0, $firstPart.Length)
            Wait-Staged $root

            & kill -TERM $service.Process.Id
            $null = Wait-Output $service.Process $service.Output '(Stopping the FtpLite server)'
            $data.GetStream().Write($rest, 0, $rest.Length)
            $data.Client.Shutdown('Send')
            $complete = Read-RawReply $control
            $goodbye = Read-RawReply $control
            $data.Dispose()
            $control.Client.Dispose()
            $service.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            if (-not $service.Process.HasExited) { $service.Process.Kill() }
        }

        $complete | Should -BeLike '226 *'
        $goodbye | Should -BeLike '421 *'
        $service.Process.ExitCode | Should -Be 0
        Get-TestFileHash (Join-Path $root 'big.bin') | Should -Be (Get-FileHash -InputStream ([IO.MemoryStream]::new($content)) -Algorithm SHA256).Hash
        @(Get-ChildItem -Force -LiteralPath $root).Name | Should -Be @('big.bin')
        Get-Content -Raw -LiteralPath $service.Output | Should -Match ([regex]::Escape("Stopped the FtpLite server at ftp://127.0.0.1:$($service.Port)/: 1 connection, 0 bytes sent, $($content.Length) bytes received."))
    }

    It 'refuses an upload still running when the grace period ends: 426, nothing left, exit code 0' {
        $root = New-TestFolder -Prefix 'ftplite-service-root'
        $service = Start-ServiceProcess -Root $root -GraceSec 1
        try {
            $control = Connect-RawFtp $service.Port
            $data = Start-RawUpload $control 'big.bin'
            $data.GetStream().Write($firstPart, 0, $firstPart.Length)
            Wait-Staged $root

            & kill -TERM $service.Process.Id
            # The client sends nothing more: only the end of the grace period ends the upload.
            $cut = Read-RawReply $control
            $goodbye = Read-RawReply $control
            $data.Dispose()
            $control.Client.Dispose()
            $service.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            if (-not $service.Process.HasExited) { $service.Process.Kill() }
        }

        $cut | Should -BeLike '426 *'
        $goodbye | Should -BeLike '421 *'
        $service.Process.ExitCode | Should -Be 0
        @(Get-ChildItem -Force -LiteralPath $root) | Should -BeNullOrEmpty
        Get-Content -Raw -LiteralPath $service.Output | Should -Match 'Stopped the FtpLite server at .*: 1 connection, 0 bytes sent, 0 bytes received\.'
    }
}
