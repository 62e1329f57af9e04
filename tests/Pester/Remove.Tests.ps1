<#
    Remove-FtpLiteItem: files, Get-FtpLiteItem input, directories with and without -Recurse, -WhatIf, and the
    errors. The server's folder on disk is the witness of what was deleted.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    $serverRoot = New-TestFolder -Prefix 'ftplite-remove-server'
    $server = Start-TestServer -Root $serverRoot
    $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop

    function Reset-ServerTree {
        Get-ChildItem -LiteralPath $serverRoot -Force | Remove-Item -Recurse -Force
        $null = New-TestFile -Path (Join-Path $serverRoot 'keep.txt') -Length 10 -Seed 1
        $null = New-TestFile -Path (Join-Path $serverRoot 'tmp-1.log') -Length 20 -Seed 2
        $null = New-TestFile -Path (Join-Path $serverRoot 'tmp-2.log') -Length 30 -Seed 3
        $null = New-TestFile -Path (Join-Path $serverRoot 'name with [brackets].txt') -Length 5 -Seed 4
        $null = New-TestFile -Path (Join-Path $serverRoot 'tree/a.txt') -Length 1 -Seed 5
        $null = New-TestFile -Path (Join-Path $serverRoot 'tree/branch/b.txt') -Length 2 -Seed 6
        $null = New-TestFile -Path (Join-Path $serverRoot 'tree/branch/leaf/c.txt') -Length 3 -Seed 7
        $null = New-Item -ItemType Directory -Path (Join-Path $serverRoot 'hollow')
    }

    function Get-ServerTree {
        # Every file and folder under the root, relative, '/'-separated, sorted.
        @(Get-ChildItem -LiteralPath $serverRoot -Recurse -Force |
            ForEach-Object { $_.FullName.Substring($serverRoot.Length).Replace('\', '/') } | Sort-Object)
    }

    $fullTree = @(
        '/hollow', '/keep.txt', '/name with [brackets].txt', '/tmp-1.log', '/tmp-2.log', '/tree', '/tree/a.txt',
        '/tree/branch', '/tree/branch/b.txt', '/tree/branch/leaf', '/tree/branch/leaf/c.txt'
    )
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Remove-FtpLiteItem' {
    BeforeEach {
        Reset-ServerTree
    }

    It 'sees, through Get-FtpLiteItem, the tree each test starts from' {
        $top = @(Get-FtpLiteItem -ErrorAction Stop | ForEach-Object FullName | Sort-Object)

        $top | Should -Be @($fullTree | Where-Object { $_ -notmatch '^/[^/]+/' })
        Get-ServerTree | Should -Be $fullTree
    }

    It 'deletes a file by path and outputs nothing' {
        $output = Remove-FtpLiteItem -Path keep.txt -ErrorAction Stop

        $output | Should -BeNullOrEmpty
        Get-ServerTree | Should -Be @($fullTree | Where-Object { $_ -ne '/keep.txt' })
    }

    It 'deletes a file in a subdirectory by absolute path' {
        Remove-FtpLiteItem -Path /tree/branch/b.txt -ErrorAction Stop

        Get-ServerTree | Should -Be @($fullTree | Where-Object { $_ -ne '/tree/branch/b.txt' })
    }

    It 'takes a name with brackets literally with -LiteralPath' {
        Remove-FtpLiteItem -LiteralPath 'name with [brackets].txt' -ErrorAction Stop

        Get-ServerTree | Should -Not -Contain '/name with [brackets].txt'
        Get-ServerTree | Should -HaveCount ($fullTree.Count - 1)
    }

    It 'deletes several paths in one call' {
        Remove-FtpLiteItem -Path tmp-1.log, tmp-2.log -ErrorAction Stop

        Get-ServerTree | Should -Be @($fullTree | Where-Object { $_ -notlike '/tmp-*' })
    }

    It 'deletes the files Get-FtpLiteItem | Where-Object picked' {
        Get-FtpLiteItem -ErrorAction Stop | Where-Object Name -like 'tmp-*' | Remove-FtpLiteItem -ErrorAction Stop

        Get-ServerTree | Should -Be @($fullTree | Where-Object { $_ -notlike '/tmp-*' })
    }

    It 'deletes everything Get-FtpLiteItem lists, with -Recurse for the directories' {
        Get-FtpLiteItem -ErrorAction Stop | Remove-FtpLiteItem -Recurse -ErrorAction Stop

        Get-ServerTree | Should -BeNullOrEmpty
        Get-FtpLiteItem -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'deletes the files of a subdirectory listing (FullName binds to -Path)' {
        Get-FtpLiteItem tree/branch -ErrorAction Stop | Where-Object { -not $_.IsDirectory } | Remove-FtpLiteItem -ErrorAction Stop

        Get-ServerTree | Should -Be @($fullTree | Where-Object { $_ -ne '/tree/branch/b.txt' })
    }

    It 'deletes an empty directory without -Recurse' {
        Remove-FtpLiteItem -Path hollow -ErrorAction Stop

        Get-ServerTree | Should -Be @($fullTree | Where-Object { $_ -ne '/hollow' })
    }

    It 'deletes a directory with everything in it with -Recurse' {
        Remove-FtpLiteItem -Path tree -Recurse -ErrorAction Stop

        Get-ServerTree | Should -Be @($fullTree | Where-Object { $_ -notlike '/tree*' })
    }

    It 'refuses a directory that is not empty without -Recurse, and deletes nothing in it' {
        $output = Remove-FtpLiteItem -Path tree -ErrorAction SilentlyContinue -ErrorVariable failures

        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DirectoryNotEmpty,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteItemCommand'
        Get-ServerTree | Should -Be $fullTree
    }

    It 'refuses to delete the root, even with -Recurse: FtpLite.WrongItemType' {
        $null = Remove-FtpLiteItem -Path / -Recurse -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.WrongItemType,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteItemCommand'
        Get-ServerTree | Should -Be $fullTree
    }

    Context 'a path that names nothing' {
        It 'reports FtpLite.RemoteItemNotFound' {
            $null = Remove-FtpLiteItem -Path missing.txt -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteItemCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -BeExactly 'missing.txt'
            Get-ServerTree | Should -Be $fullTree
        }

        It 'still deletes the other paths of the same call' {
            Remove-FtpLiteItem -Path missing.txt, keep.txt -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures | Should -HaveCount 1
            Get-ServerTree | Should -Not -Contain '/keep.txt'
        }

        It 'is terminating with -ErrorAction Stop and deletes nothing after it' {
            $failure = { 'missing.txt', 'keep.txt' | Remove-FtpLiteItem -ErrorAction Stop } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeExactly 'FtpLite.RemoteItemNotFound,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteItemCommand'
            Get-ServerTree | Should -Be $fullTree
        }
    }

    Context '-WhatIf' {
        It 'deletes nothing for a path' {
            Remove-FtpLiteItem -Path keep.txt -WhatIf

            Get-ServerTree | Should -Be $fullTree
        }

        It 'deletes nothing for Get-FtpLiteItem input with -Recurse' {
            Get-FtpLiteItem -ErrorAction Stop | Remove-FtpLiteItem -Recurse -WhatIf

            Get-ServerTree | Should -Be $fullTree
        }

        It 'refuses, as the real run does, what the real run refuses: <Case>' -ForEach @(
            @{ Case = 'the root'; Arguments = @{ Path = '/'; Recurse = $true }; Id = 'FtpLite.WrongItemType'; Words = '*root directory*cannot be deleted*' }
            @{ Case = 'a folder with entries without -Recurse'; Arguments = @{ Path = 'tree' }; Id = 'FtpLite.DirectoryNotEmpty'; Words = "*'/tree' is not empty. Use -Recurse*" }
            @{ Case = 'nothing there'; Arguments = @{ Path = 'missing.txt' }; Id = 'FtpLite.RemoteItemNotFound'; Words = "*'/missing.txt' was not found*" }
        ) {
            Remove-FtpLiteItem @Arguments -WhatIf -ErrorAction SilentlyContinue -ErrorVariable failures

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeExactly "$Id,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteItemCommand"
            $failures[0].Exception.Message | Should -BeLike $Words
            Get-ServerTree | Should -Be $fullTree
        }

        It 'deletes nothing with -Confirm:$false -WhatIf' {
            Remove-FtpLiteItem -Path tree -Recurse -Confirm:$false -WhatIf

            Get-ServerTree | Should -Be $fullTree
        }
    }

    Context '-Session' {
        It 'deletes through the session given, not the default one' {
            $otherRoot = New-TestFolder -Prefix 'ftplite-remove-other'
            $null = New-TestFile -Path (Join-Path $otherRoot 'keep.txt') -Length 3
            $other = Start-TestServer -Root $otherRoot
            $otherSession = Connect-FtpLite -Port $other.Port -ErrorAction Stop
            try {
                Remove-FtpLiteItem -Path keep.txt -Session $session -ErrorAction Stop
            }
            finally {
                Disconnect-FtpLite -Session $otherSession
            }

            Get-ServerTree | Should -Not -Contain '/keep.txt'
            Join-Path $otherRoot 'keep.txt' | Should -Exist
        }
    }
}
