<#
    Send-FtpLiteFile: -Path with wildcards, -LiteralPath, Get-ChildItem input, -Destination, -Force,
    -WhatIf, its output, and its errors. The server's folder on disk is the witness of what was uploaded.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $serverRoot = New-TestFolder -Prefix 'ftplite-send-server'
    $server = Start-TestServer -Root $serverRoot
    $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

    $local = New-TestFolder -Prefix 'ftplite-send-local'
    $seed = 100
    foreach ($name in 'a1.txt', 'a2.txt', 'b.log', 'file[1].txt', 'file1.txt', 'report.bin') {
        $null = New-TestFile -Path (Join-Path $local $name) -Length (1000 + $seed) -Seed $seed
        $seed++
    }
    $null = New-TestFile -Path (Join-Path $local 'empty.dat') -Length 0
    $null = New-Item -ItemType Directory -Path (Join-Path $local 'folder')

    function Clear-ServerRoot {
        Get-ChildItem -LiteralPath $serverRoot -Force | Remove-Item -Recurse -Force
        $null = New-Item -ItemType Directory -Path (Join-Path $serverRoot 'remote')
    }

    function Get-ServerFiles {
        # Paths relative to the server root, '/'-separated, sorted.
        @(Get-ChildItem -LiteralPath $serverRoot -Recurse -File -Force |
            ForEach-Object { $_.FullName.Substring($serverRoot.Length).Replace('\', '/') } | Sort-Object)
    }

    function Assert-SameBytes {
        param([string] $LocalName, [string] $RemotePath)
        Get-TestFileHash (Join-Path $serverRoot $RemotePath.TrimStart('/')) | Should -Be (Get-TestFileHash (Join-Path $local $LocalName))
    }
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Send-FtpLiteFile' {
    BeforeEach {
        Clear-ServerRoot
    }

    It 'uploads a file into the working directory and outputs the remote item' {
        $item = Send-FtpLiteFile -Path (Join-Path $local 'report.bin') -ErrorAction Stop

        $item | Should -HaveCount 1
        $item | Should -BeOfType ([FtpLite.FtpItem])
        $item.Name | Should -BeExactly 'report.bin'
        $item.FullName | Should -BeExactly '/report.bin'
        $item.Length | Should -Be (Get-Item -LiteralPath (Join-Path $local 'report.bin')).Length
        $item.IsDirectory | Should -BeFalse
        $item.Session | Should -Be $session
        Get-ServerFiles | Should -Be @('/report.bin')
        Assert-SameBytes 'report.bin' '/report.bin'
    }

    It 'uploads an empty file' {
        $item = Send-FtpLiteFile -Path (Join-Path $local 'empty.dat') -ErrorAction Stop

        $item.Length | Should -Be 0
        Get-ServerFiles | Should -Be @('/empty.dat')
        (Get-Item -LiteralPath (Join-Path $serverRoot 'empty.dat')).Length | Should -Be 0
    }

    It 'resolves a relative -Path against the current PowerShell location' {
        Push-Location -LiteralPath $local
        try {
            $item = Send-FtpLiteFile b.log -ErrorAction Stop
        }
        finally {
            Pop-Location
        }

        $item.FullName | Should -BeExactly '/b.log'
        Assert-SameBytes 'b.log' '/b.log'
    }

    It 'expands wildcards in -Path' {
        $items = Send-FtpLiteFile -Path (Join-Path $local 'a*.txt') -ErrorAction Stop

        @($items.Name | Sort-Object) | Should -Be @('a1.txt', 'a2.txt')
        Get-ServerFiles | Should -Be @('/a1.txt', '/a2.txt')
        Assert-SameBytes 'a1.txt' '/a1.txt'
        Assert-SameBytes 'a2.txt' '/a2.txt'
    }

    It 'uploads several -Path values in one call' {
        $items = Send-FtpLiteFile -Path (Join-Path $local 'a1.txt'), (Join-Path $local 'b.log') -ErrorAction Stop

        $items | Should -HaveCount 2
        Get-ServerFiles | Should -Be @('/a1.txt', '/b.log')
    }

    It 'takes -LiteralPath as written: file[1].txt uploads that file and not file1.txt' {
        $item = Send-FtpLiteFile -LiteralPath (Join-Path $local 'file[1].txt') -ErrorAction Stop

        $item.Name | Should -BeExactly 'file[1].txt'
        $item.FullName | Should -BeExactly '/file[1].txt'
        Get-ServerFiles | Should -Be @('/file[1].txt')
        Assert-SameBytes 'file[1].txt' '/file[1].txt'
    }

    It 'treats brackets in -Path as a wildcard, as PowerShell does (file[1].txt matches file1.txt)' {
        $item = Send-FtpLiteFile -Path (Join-Path $local 'file[1].txt') -ErrorAction Stop

        $item.Name | Should -BeExactly 'file1.txt'
        Get-ServerFiles | Should -Be @('/file1.txt')
        Assert-SameBytes 'file1.txt' '/file1.txt'
    }

    It 'uploads Get-ChildItem output, binding it to -LiteralPath (names with brackets included)' {
        $items = Get-ChildItem -LiteralPath $local -File | Send-FtpLiteFile -ErrorAction Stop

        $expected = @(Get-ChildItem -LiteralPath $local -File | ForEach-Object { "/$($_.Name)" } | Sort-Object)
        @($items.FullName | Sort-Object) | Should -Be $expected
        Get-ServerFiles | Should -Be $expected
        foreach ($file in Get-ChildItem -LiteralPath $local -File) {
            Assert-SameBytes $file.Name "/$($file.Name)"
        }
    }

    It 'reports FtpLite.LocalItemIsDirectory for a folder and uploads the files next to it' {
        $items = Get-ChildItem -LiteralPath $local | Send-FtpLiteFile -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LocalItemIsDirectory,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
        $items | Should -HaveCount @(Get-ChildItem -LiteralPath $local -File).Count
        Join-Path $serverRoot 'folder' | Should -Not -Exist
    }

    Context '-Destination' {
        It 'puts the file into an existing remote directory named without a trailing slash' {
            $item = Send-FtpLiteFile -Path (Join-Path $local 'b.log') -Destination 'remote' -ErrorAction Stop

            $item.FullName | Should -BeExactly '/remote/b.log'
            Get-ServerFiles | Should -Be @('/remote/b.log')
            Assert-SameBytes 'b.log' '/remote/b.log'
        }

        It 'puts the file into a remote directory given with a trailing slash' {
            $item = Send-FtpLiteFile -Path (Join-Path $local 'b.log') -Destination '/remote/' -ErrorAction Stop

            $item.FullName | Should -BeExactly '/remote/b.log'
            Get-ServerFiles | Should -Be @('/remote/b.log')
        }

        It 'puts Get-ChildItem output into the remote directory' {
            $items = Get-ChildItem -LiteralPath $local -Filter 'a*.txt' | Send-FtpLiteFile -Destination 'remote' -ErrorAction Stop

            @($items.FullName | Sort-Object) | Should -Be @('/remote/a1.txt', '/remote/a2.txt')
            Get-ServerFiles | Should -Be @('/remote/a1.txt', '/remote/a2.txt')
        }

        It 'puts several -Path files into the remote directory' {
            $items = Send-FtpLiteFile -Path (Join-Path $local 'a*.txt') -Destination 'remote' -ErrorAction Stop

            @($items.FullName | Sort-Object) | Should -Be @('/remote/a1.txt', '/remote/a2.txt')
        }

        It 'names the remote file when it is not a directory' {
            $item = Send-FtpLiteFile -Path (Join-Path $local 'b.log') -Destination 'renamed.log' -ErrorAction Stop

            $item.Name | Should -BeExactly 'renamed.log'
            $item.FullName | Should -BeExactly '/renamed.log'
            Get-ServerFiles | Should -Be @('/renamed.log')
            Assert-SameBytes 'b.log' '/renamed.log'
        }
    }

    Context 'existing remote files' {
        BeforeEach {
            # The remote file holds other bytes than the local one.
            $null = New-TestFile -Path (Join-Path $serverRoot 'b.log') -Length 77 -Seed 999
            $remoteHash = Get-TestFileHash (Join-Path $serverRoot 'b.log')
        }

        It 'refuses to overwrite without -Force: FtpLite.DestinationExists, remote file unchanged' {
            $output = Send-FtpLiteFile -Path (Join-Path $local 'b.log') -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            Get-TestFileHash (Join-Path $serverRoot 'b.log') | Should -Be $remoteHash
        }

        It 'refuses to overwrite a file named by -Destination without -Force' {
            $output = Send-FtpLiteFile -Path (Join-Path $local 'a1.txt') -Destination 'b.log' -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            Get-TestFileHash (Join-Path $serverRoot 'b.log') | Should -Be $remoteHash
        }

        It 'overwrites with -Force' {
            $item = Send-FtpLiteFile -Path (Join-Path $local 'b.log') -Force -ErrorAction Stop

            $item.FullName | Should -BeExactly '/b.log'
            Assert-SameBytes 'b.log' '/b.log'
        }

        It 'keeps uploading the other files after one exists (non-terminating error)' {
            $items = Send-FtpLiteFile -Path (Join-Path $local 'b.log'), (Join-Path $local 'a1.txt') -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures | Should -HaveCount 1
            @($items.Name) | Should -Be @('a1.txt')
            Assert-SameBytes 'a1.txt' '/a1.txt'
        }

        It 'makes the failure terminating with -ErrorAction Stop' {
            $failure = { Send-FtpLiteFile -Path (Join-Path $local 'b.log'), (Join-Path $local 'a1.txt') -ErrorAction Stop } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            Join-Path $serverRoot 'a1.txt' | Should -Not -Exist
        }
    }

    Context 'missing local files' {
        It 'reports FtpLite.LocalFileNotFound for a missing -Path and uploads nothing' {
            $output = Send-FtpLiteFile -Path (Join-Path $local 'missing.txt') -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LocalFileNotFound,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-ServerFiles | Should -BeNullOrEmpty
        }

        It 'reports FtpLite.LocalFileNotFound for a missing -LiteralPath and still uploads the others' {
            $items = Send-FtpLiteFile -LiteralPath (Join-Path $local 'missing[1].txt'), (Join-Path $local 'a2.txt') -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LocalFileNotFound,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            @($items.Name) | Should -Be @('a2.txt')
            Get-ServerFiles | Should -Be @('/a2.txt')
        }
    }

    Context 'a -Path pattern that matches nothing' {
        It 'says so, with the hint to -LiteralPath, and still uploads the others: <Case>' -ForEach @(
            @{ Case = 'a pattern'; Name = 'nothing-matches-*.txt' }
            @{ Case = 'brackets in a name that does not match itself'; Name = 'odd [2].txt' }
        ) {
            $null = New-TestFile -Path (Join-Path $local 'odd [2].txt') -Length 3
            $pattern = Join-Path $local $Name
            $items = Send-FtpLiteFile -Path $pattern, (Join-Path $local 'a2.txt') -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LocalFileNotFound,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            "$($failures[0])" | Should -BeExactly "No file matches '$pattern': * ? [ ] are wildcard characters in -Path. For a name that contains them, use -LiteralPath '$pattern'."
            @($items.Name) | Should -Be @('a2.txt')
        }
    }

    Context 'paths of other providers' {
        It 'reports FtpLite.NotFileSystemPath for <Parameter> Env:PATH and uploads nothing' -ForEach @(
            @{ Parameter = '-Path' }
            @{ Parameter = '-LiteralPath' }
        ) {
            $arguments = @{ ($Parameter.TrimStart('-')) = 'Env:PATH' }

            $output = Send-FtpLiteFile @arguments -ErrorAction SilentlyContinue -ErrorVariable failures

            $output | Should -BeNullOrEmpty
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.NotFileSystemPath,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
            Get-ServerFiles | Should -BeNullOrEmpty
        }

    }

    Context '-WhatIf' {
        It 'uploads nothing and outputs nothing' {
            $output = Send-FtpLiteFile -Path (Join-Path $local '*') -WhatIf -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            Get-ServerFiles | Should -BeNullOrEmpty
        }

        It 'uploads nothing from Get-ChildItem either' {
            Get-ChildItem -LiteralPath $local -File | Send-FtpLiteFile -WhatIf

            Get-ServerFiles | Should -BeNullOrEmpty
        }
    }

    Context '-Session' {
        It 'uploads through the session given, not the default one' {
            $otherRoot = New-TestFolder -Prefix 'ftplite-send-other'
            $other = Start-TestServer -Root $otherRoot
            $otherSession = Connect-FtpLite -Port $other.Port -ErrorAction Stop
            try {
                # $otherSession is the default now; -Session sends to the first server.
                $item = Send-FtpLiteFile -Path (Join-Path $local 'b.log') -Session $session -ErrorAction Stop
            }
            finally {
                Disconnect-FtpLite -Session $otherSession
            }

            $item.Session | Should -Be $session
            Get-ServerFiles | Should -Be @('/b.log')
            @(Get-ChildItem -LiteralPath $otherRoot -Force) | Should -HaveCount 0
        }
    }

    Context '-PreserveTime' {
        BeforeAll {
            $localTime = [DateTime]::new(2021, 3, 4, 5, 6, 7, 500, [DateTimeKind]::Utc)
            $wholeSecond = [DateTime]::new(2021, 3, 4, 5, 6, 7, [DateTimeKind]::Utc)
            foreach ($name in 'a1.txt', 'a2.txt') {
                [System.IO.File]::SetLastWriteTimeUtc((Join-Path $local $name), $localTime)
            }
        }

        It 'gives the remote file the local file''s time, to the second, and outputs it' {
            $item = Send-FtpLiteFile -Path (Join-Path $local 'a1.txt') -PreserveTime -WarningVariable warnings -ErrorAction Stop

            $warnings | Should -BeNullOrEmpty
            [System.IO.File]::GetLastWriteTimeUtc((Join-Path $serverRoot 'a1.txt')) | Should -Be $wholeSecond
            $item.LastWriteTimeUtc | Should -Be $wholeSecond
            Assert-SameBytes 'a1.txt' '/a1.txt'
        }

        It 'leaves the server''s time without it' {
            $null = Send-FtpLiteFile -Path (Join-Path $local 'a1.txt') -ErrorAction Stop

            [System.IO.File]::GetLastWriteTimeUtc((Join-Path $serverRoot 'a1.txt')).Year | Should -Not -Be 2021
        }

        It 'uploads to a server that cannot set times, with one warning and the rest in -Verbose' {
            $peerRoot = New-TestFolder -Prefix 'ftplite-send-vsftpd'
            $peer = Start-PeerServer -Name vsftpd -Root $peerRoot -VsftpdConfig 'mdtm_write=NO'
            $peerSession = Connect-FtpLite -Port $peer.Port -Credential (Get-PeerCredential) -ErrorAction Stop
            try {
                $items = Send-FtpLiteFile -Path (Join-Path $local 'a1.txt'), (Join-Path $local 'a2.txt') -Session $peerSession -PreserveTime `
                    -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1 -ErrorAction Stop
            }
            finally {
                Disconnect-FtpLite -Session $peerSession
                $peer.Process.Kill($true)
                $null = $peer.Process.WaitForExit(10000)
            }

            @($items | Where-Object { $_ -is [FtpLite.FtpItem] }) | Should -HaveCount 2
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -BeExactly "'/a1.txt' keeps the server's time, not the local file's: the server has no MFMT and does not set times with MDTM."
            @($items | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "'/a2.txt' keeps the server's time*" }) | Should -HaveCount 1
            foreach ($name in 'a1.txt', 'a2.txt') {
                Get-TestFileHash (Join-Path $peerRoot $name) | Should -Be (Get-TestFileHash (Join-Path $local $name))
                [System.IO.File]::GetLastWriteTimeUtc((Join-Path $peerRoot $name)).Year | Should -Not -Be 2021
            }
        }
    }
}
