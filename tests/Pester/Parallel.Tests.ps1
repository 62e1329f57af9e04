<#
    -ThrottleLimit: several files at once on several connections, with the same results, the same errors and
    no connection left behind.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe '-ThrottleLimit' {
    BeforeEach {
        $serverRoot = New-TestFolder -Prefix 'ftplite-parallel-server'
        foreach ($i in 1..40) { $null = New-TestFile -Path (Join-Path $serverRoot ("tree/d{0}/f{1:00}.bin" -f ($i % 3), $i)) -Length (100 * $i) -Seed $i }
        $server = Start-TestServer -Root $serverRoot
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        $local = New-TestFolder -Prefix 'ftplite-parallel-local'
    }

    AfterEach {
        Disconnect-AllFtpLite
        $server | Stop-FtpLiteServer
    }

    It 'Receive-FtpLiteFile mirrors a tree over 4 connections, byte for byte, and closes the extra ones' {
        $files = @(Get-FtpLiteItem /tree -Recurse | Receive-FtpLiteFile -Destination (Join-Path $local 'tree') -ThrottleLimit 4 -ErrorAction Stop)
        $files | Should -HaveCount 40
        foreach ($file in Get-ChildItem (Join-Path $serverRoot 'tree') -Recurse -File) {
            $relative = [IO.Path]::GetRelativePath((Join-Path $serverRoot 'tree'), $file.FullName)
            Get-TestFileHash (Join-Path $local "tree/$relative") | Should -Be (Get-TestFileHash $file.FullName)
        }
        $server.TotalConnections | Should -BeGreaterThan 1 -Because 'more than one connection did the work'
        $server.ConnectionCount | Should -Be 1 -Because 'only the session stays open'
    }

    It 'Send-FtpLiteFile uploads over 4 connections' {
        $null = Receive-FtpLiteFile /tree -Recurse -Destination (Join-Path $local 'copy') -ErrorAction Stop
        $items = @(Get-ChildItem (Join-Path $local 'copy') -Recurse -File | Send-FtpLiteFile -Destination /flat/ -ThrottleLimit 4 -ErrorAction Stop)
        $items | Should -HaveCount 40
        @(Get-ChildItem (Join-Path $serverRoot 'flat')).Count | Should -Be 40
        $server.ConnectionCount | Should -Be 1
    }

    It 'reports each failure as its own error and still transfers the rest' {
        $null = New-Item -ItemType Directory (Join-Path $local 'out')
        $null = New-TestFile -Path (Join-Path $local 'out/f05.bin') -Length 1
        $files = @(Get-FtpLiteItem /tree/d2 | Receive-FtpLiteFile -Destination (Join-Path $local 'out') -ThrottleLimit 3 -ErrorAction SilentlyContinue -ErrorVariable failures)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
        $files.Count | Should -Be (@(Get-ChildItem (Join-Path $serverRoot 'tree/d2')).Count - 1)
        (Get-Item (Join-Path $local 'out/f05.bin')).Length | Should -Be 1
    }

    It 'honours -WhatIf' {
        Get-FtpLiteItem /tree -Recurse | Receive-FtpLiteFile -Destination (Join-Path $local 'none') -ThrottleLimit 4 -WhatIf
        Join-Path $local 'none' | Should -Not -Exist
    }
}
